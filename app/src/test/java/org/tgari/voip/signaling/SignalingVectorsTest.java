package org.tgari.voip.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tgari.voip.signaling.Vectors.HEX;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our signaling crypto and framing against vectors produced by Telegram's tgcalls, byte for byte. */
class SignalingVectorsTest {

    private static final String DET = "deterministic_signaling_crypto.txt";

    @Test
    void keyDerivationForEveryOffset() {
        var cipher = new SignalingCipher(Vectors.key(), true, true);
        int checked = 0;
        for (String l : Vectors.lines(DET)) {
            if (!l.startsWith("KDF ")) continue;
            Map<String, String> f = Vectors.fields(l);
            var kiv = cipher.derive(HEX.parseHex(f.get("msg_key")), 0, Integer.parseInt(f.get("x")));
            assertThat(HEX.formatHex(kiv.key())).as(l).isEqualTo(f.get("aes_key"));
            assertThat(HEX.formatHex(kiv.iv())).as(l).isEqualTo(f.get("aes_iv"));
            checked++;
        }
        assertThat(checked).isEqualTo(4);
    }

    @Test
    void rawAesCtr() {
        var cipher = new SignalingCipher(Vectors.key(), true, true);
        byte[] json = HEX.parseHex(line(DET, "JSON_HEX ").substring("JSON_HEX ".length()));
        Map<String, String> f = Vectors.fields(line(DET, "CTR "));
        byte[] out = new byte[json.length];
        cipher.ctr(cipher.derive(HEX.parseHex(f.get("msg_key")), 0, Integer.parseInt(f.get("x"))), json, 0, json.length, out, 0);
        assertThat(HEX.formatHex(out)).isEqualTo(f.get("cipher"));
    }

    @Test
    void everyFramingOfTheDeterministicFileEncryptsToTheSameBytes() {
        int checked = 0;
        for (String l : Vectors.lines(DET)) {
            Map<String, String> f = Vectors.fields(l);
            if (!f.containsKey("plain") || !f.containsKey("cipher") || l.startsWith("CTR")) continue;
            String role = f.containsKey("role") ? f.get("role") : f.get("from");
            var cipher = new SignalingCipher(Vectors.key(), "outgoing".equals(role), true);
            assertThat(HEX.formatHex(cipher.encrypt(HEX.parseHex(f.get("plain"))))).as(l.substring(0, 40)).isEqualTo(f.get("cipher"));
            // and the peer (the other role) decrypts it back
            var peer = new SignalingCipher(Vectors.key(), !"outgoing".equals(role), true);
            assertThat(HEX.formatHex(peer.decrypt(HEX.parseHex(f.get("cipher"))))).isEqualTo(f.get("plain"));
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"7.0.0_A_outgoing.txt", "7.0.0_B_incoming.txt", "8.0.0_A_outgoing.txt", "8.0.0_B_incoming.txt"})
    void everyEncAndDecLineOfTheLiveCaptures(String file) {
        int enc = 0, dec = 0;
        for (var e : Vectors.capture(file)) {
            if (!e.tag().equals("ENC") && !e.tag().equals("DEC")) continue;
            Map<String, String> f = Vectors.fields(e.payload());
            if (!"signaling".equals(f.get("type"))) continue;
            var cipher = new SignalingCipher(Vectors.key(), "1".equals(f.get("keyIsOutgoing")), true);
            if (e.tag().equals("ENC")) {
                assertThat(HEX.formatHex(cipher.encrypt(HEX.parseHex(f.get("plain"))))).isEqualTo(f.get("cipher"));
                enc++;
            } else {
                assertThat(HEX.formatHex(cipher.decrypt(HEX.parseHex(f.get("cipher"))))).isEqualTo(f.get("plain"));
                dec++;
            }
        }
        assertThat(enc).isPositive();
        assertThat(dec).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"7.0.0_A_outgoing.txt", "7.0.0_B_incoming.txt", "8.0.0_A_outgoing.txt", "8.0.0_B_incoming.txt"})
    void jsonEncodingIsByteForByteTgcalls(String file) {
        int n = 0;
        for (var e : Vectors.capture(file)) {
            if (!e.tag().startsWith("JSON-") && !e.tag().startsWith("DC-")) continue;
            var m = SignalingJson.decode(e.payload().getBytes(StandardCharsets.UTF_8));
            assertThat(m).as(e.payload()).isPresent();
            assertThat(new String(SignalingJson.encode(m.get()), StandardCharsets.UTF_8)).isEqualTo(e.payload());
            n++;
        }
        assertThat(n).isGreaterThanOrEqualTo(8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"7.0.0_A_outgoing.txt", "7.0.0_B_incoming.txt", "8.0.0_A_outgoing.txt", "8.0.0_B_incoming.txt"})
    void replayingThePeersBlobsDeliversExactlyTheCapturedMessages(String file) {
        var events = Vectors.capture(file);
        var version = SignalingVersion.fromWire(first(events, "VERSION")).orElseThrow();
        boolean outgoing = first(events, "ROLE").equals("outgoing");
        List<SignalingMessage> delivered = new ArrayList<>();
        List<byte[]> emitted = new ArrayList<>();
        var clock = new FakeTimers();
        var stats = new SignalingStats();
        var ch = SignalingChannel.create(version, Vectors.key(), outgoing, clock, emitted::add, delivered::add, stats);
        for (var e : events) {
            if (e.tag().equals("RECV")) {
                ch.receive(Base64.getDecoder().decode(e.payload()));
                ch.receive(Base64.getDecoder().decode(e.payload())); // a replay must not deliver twice
            }
        }
        // MediaState reaches tgcalls over the data channel (DC-RECV); everything else over signaling.
        List<SignalingMessage> expected = events.stream()
                .filter(e -> e.tag().equals("JSON-RECV"))
                .map(e -> SignalingJson.decode(e.payload().getBytes(StandardCharsets.UTF_8)).orElseThrow())
                .filter(m -> !(m instanceof MediaState))
                .toList();
        assertThat(delivered).containsExactlyElementsOf(expected);
        assertThat(stats.replayed()).as("every replayed blob refused").isEqualTo(events.stream().filter(e -> e.tag().equals("RECV")).count());
        assertThat(stats.badMsgKey() + stats.malformed() + stats.badSize()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"7.0.0_A_outgoing.txt", "8.0.0_A_outgoing.txt", "7.0.0_B_incoming.txt"})
    void ourFirstMessageIsTheBlobTgcallsEmitted(String file) {
        var events = Vectors.capture(file);
        var version = SignalingVersion.fromWire(first(events, "VERSION")).orElseThrow();
        boolean outgoing = first(events, "ROLE").equals("outgoing");
        // the first EMIT that carries a JSON-SEND before anything was received
        var firstSend = events.stream().filter(e -> e.tag().equals("JSON-SEND")).findFirst().orElseThrow();
        var firstEmit = events.stream().filter(e -> e.tag().equals("EMIT")).findFirst().orElseThrow();
        List<byte[]> emitted = new ArrayList<>();
        var ch = SignalingChannel.create(version, Vectors.key(), outgoing, new FakeTimers(), emitted::add, m -> { }, new SignalingStats());
        ch.send(SignalingJson.decode(firstSend.payload().getBytes(StandardCharsets.UTF_8)).orElseThrow());
        assertThat(Base64.getEncoder().encodeToString(emitted.get(0))).isEqualTo(firstEmit.payload());
    }

    private static String first(List<Vectors.Event> events, String tag) {
        return events.stream().filter(e -> e.tag().equals(tag)).findFirst().orElseThrow().payload();
    }

    private static String line(String file, String prefix) {
        return Vectors.lines(file).stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
    }
}
