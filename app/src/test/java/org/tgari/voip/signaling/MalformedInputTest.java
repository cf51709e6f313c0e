package org.tgari.voip.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Truncated, oversized, forged and malformed blobs are counted and dropped, never thrown. */
class MalformedInputTest {
    private static final byte[] KEY = Vectors.key(Vectors.deterministic());
    /** Forges authenticated caller packets so the callee's parser sees our crafted plaintext. */
    private final SignalingCipher callerCipher = new SignalingCipher(KEY, true, SignalingCipher.Kind.SIGNALING);

    private byte[] forge(String hexPlain) {
        return callerCipher.encrypt(Vectors.HEX.parseHex(hexPlain.replace(" ", "")));
    }

    private static String jsonHex(String json) {
        return Vectors.HEX.formatHex(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String messageRecord(String seqHex, String json) {
        return seqHex + "7f" + String.format("%08x", json.getBytes(StandardCharsets.UTF_8).length) + jsonHex(json);
    }

    @ParameterizedTest
    @EnumSource(SignalingVersion.class)
    void badSizesAndForgeriesAreCounted(SignalingVersion v) {
        var callee = new ChannelHarness(v, KEY, false);
        callee.channel.receive(new byte[0]);
        callee.channel.receive(new byte[20]);
        callee.channel.receive(new byte[128 * 1024 + 1]);
        callee.channel.receive(new byte[64]);
        byte[] valid = forge("00000001 fe");
        valid[valid.length - 1] ^= 1;
        callee.channel.receive(valid);
        byte[] ownDirection = new SignalingCipher(KEY, false, SignalingCipher.Kind.SIGNALING)
                .encrypt(Vectors.HEX.parseHex("00000001fe"));
        callee.channel.receive(ownDirection);
        assertThat(callee.stats.badSize()).isEqualTo(3);
        assertThat(callee.stats.badMsgKey()).isEqualTo(3);
        assertThat(callee.stats.blobsIn()).isEqualTo(6).isEqualTo(callee.outcomes());
        assertThat(callee.messages).isEmpty();
        callee.timers.advanceBy(60_000);
        assertThat(callee.blobs).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "00000001 7f 00000005 41",             // length past the end
            "00000001 7f 0010000100",              // length above 1 MiB
            "00000001 7f 0000",                    // truncated length
            "00000001 ff",                         // ack first
            "00000001 fe 00000002 fe",             // empty not first
            "00000001 fe 000000",                  // 3 trailing bytes
            "00000001 01",                         // unknown record type
            "80000001 7f 00000001 41 40000002 ff", // single-message packet with more records
            "00000001 fe 80000002 ff"})            // single-message bit on a later record
    void malformedRecordLayoutsAreDroppedWithoutSideEffects(String plain) {
        var callee = new ChannelHarness(SignalingVersion.V8_0_0, KEY, false);
        callee.channel.receive(forge(plain));
        assertThat(callee.stats.malformed()).isEqualTo(1);
        assertThat(callee.messages).isEmpty();
        assertThat(callee.acked().pendingAckCount()).isZero();
        // A malformed packet consumes no replay-window slot: a valid packet with the same counter still passes.
        callee.channel.receive(forge(messageRecord("40000001", "{\"@type\": \"Candidates\", \"candidates\": []}")));
        assertThat(callee.messages).containsExactly(new Candidates(List.of()));
        assertThat(callee.stats.blobsIn()).isEqualTo(callee.outcomes());
    }

    @Test
    void badPayloadsAreAckedButNotDelivered() throws IOException {
        var callee = new ChannelHarness(SignalingVersion.V8_0_0, KEY, false);
        callee.channel.receive(forge("00000001 fe" + messageRecord("40000001", "{not json")
                + messageRecord("40000002", "{\"@type\": \"Hello\"}")
                + "40000003 7f 00000004 1f8b0000"
                + "40000004 7f " + String.format("%08x", gzip("{\"@type\": \"MediaState\"}").length)
                + Vectors.HEX.formatHex(gzip("{\"@type\": \"MediaState\"}"))));
        assertThat(callee.stats.invalidMessages()).isEqualTo(2);
        assertThat(callee.stats.unknownMessages()).isEqualTo(1);
        assertThat(callee.messages).containsExactly(new MediaState(false, false, "inactive", "inactive", 0));
        callee.timers.runAllPosted();
        byte[] ack = ((SignalingCipher.Decrypted) callerCipher.decrypt(callee.blobs.poll())).plain();
        assertThat(Vectors.HEX.formatHex(ack)).isEqualTo("00000001fe40000001ff40000002ff40000003ff40000004ff");
    }

    @Test
    void v1PayloadProblemsAreCounted() throws IOException {
        var callee = new ChannelHarness(SignalingVersion.V7_0_0, KEY, false);
        callee.channel.receive(forge("00000001" + jsonHex("{not json}")));
        callee.channel.receive(forge("00000002" + jsonHex("{\"@type\": \"offer\"}")));
        callee.channel.receive(forge("00000003 1f8b 0800 0000 0000 0003 ffff"));
        callee.channel.receive(forge("00000004" + Vectors.HEX.formatHex(gzip("{\"@type\": \"MediaState\", \"muted\": true}"))));
        callee.channel.receive(forge("00000004" + jsonHex("{\"@type\": \"MediaState\"}")));
        assertThat(callee.stats.invalidMessages()).isEqualTo(2);
        assertThat(callee.stats.unknownMessages()).isEqualTo(1);
        assertThat(callee.stats.replayed()).isEqualTo(1);
        assertThat(callee.messages).containsExactly(new MediaState(true, false, "inactive", "inactive", 0));
    }

    @Test
    void gzipBombIsRefused() throws IOException {
        var callee = new ChannelHarness(SignalingVersion.V7_0_0, KEY, false);
        byte[] bomb = gzip("{\"@type\": \"Candidates\", \"candidates\": [], \"pad\": \"" + " ".repeat(3 * 1024 * 1024) + "\"}");
        assertThat(bomb.length).isLessThan(16 * 1024);
        callee.channel.receive(forge("00000001" + Vectors.HEX.formatHex(bomb)));
        assertThat(callee.stats.invalidMessages()).isEqualTo(1);
        assertThat(callee.messages).isEmpty();
    }

    private static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
