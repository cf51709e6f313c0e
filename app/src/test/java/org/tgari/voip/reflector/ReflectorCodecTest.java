package org.tgari.voip.reflector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Byte layouts written out by hand from protocol doc §4.3 (and tgcalls ReflectorPort). */
class ReflectorCodecTest {
    static final byte[] PEER_TAG = hex("00112233445566778899aabbccddeeff");
    /** R = 0xC72332AE = 3340972718, the R of the doc's example hostname reflector-2-3340972718.reflector. */
    static final int OWN_R = 0xC72332AE;
    static final int PEER_R = 0x01020304;
    final ReflectorCodec codec = new ReflectorCodec(ReflectorTag.of(PEER_TAG, OWN_R));

    @Test
    void tagIsPrefixThenLittleEndianR() {
        ReflectorTag tag = codec.tag();
        assertThat(tag.bytes()).isEqualTo(hex("00112233445566778899aabb ae3223c7"));
        assertThat(tag.rUnsigned()).isEqualTo(3340972718L);
        assertThat(tag.toString()).doesNotContain("0011");
        assertThatThrownBy(() -> ReflectorTag.of(PEER_TAG, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReflectorTag.of(new byte[15], 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomTagIsNeverZero() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) assertThat(ReflectorTag.random(PEER_TAG, random).r()).isNotZero();
    }

    @Test
    void helloIsFortyBytes() {
        byte[] out = new byte[43];
        int n = codec.writeHello(out, 3);
        assertThat(n).isEqualTo(40);
        assertThat(Arrays.copyOfRange(out, 3, 43)).isEqualTo(hex("""
                00112233445566778899aabb ae3223c7
                ffffffffffffffffffffffff fe ffffff
                000000000000007b"""));
    }

    @Test
    void dataEnvelopeWithPadding() {
        byte[] payload = hex("0102030405");
        byte[] out = new byte[64];
        Arrays.fill(out, (byte) 0xEE);
        int n = codec.writeData(out, 0, PEER_R, payload, 0, payload.length);
        assertThat(n).isEqualTo(32).isEqualTo(ReflectorCodec.dataLength(5));
        assertThat(Arrays.copyOf(out, n)).isEqualTo(hex("""
                00112233445566778899aabb 04030201
                ae3223c7 00000005
                0102030405 000000"""));
        assertThat(out[32]).isEqualTo((byte) 0xEE);
    }

    @Test
    void alignedPayloadHasNoPadding() {
        byte[] out = new byte[28];
        assertThat(codec.writeData(out, 0, PEER_R, hex("cafebabe"), 0, 4)).isEqualTo(28);
        assertThatThrownBy(() -> codec.writeData(new byte[27], 0, PEER_R, hex("cafebabe"), 0, 4))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void receivedDataFromPeer() {
        // what the reflector delivers: our prefix ‖ our R ‖ sender R ‖ BE length ‖ payload ‖ pad
        byte[] in = hex("""
                99 00112233445566778899aabb ae3223c7
                04030201 00000006
                a1a2a3a4a5a6 0000""");
        ReflectorPacket p = codec.parse(in, 1, in.length - 1);
        assertThat(p).isEqualTo(new ReflectorPacket.Data(PEER_R, 25, 6));
        assertThat(((ReflectorPacket.Data) p).senderRUnsigned()).isEqualTo(0x01020304L);
        assertThat(codec.isFromOurReflector(in, 1, in.length - 1)).isTrue();
    }

    @Test
    void senderRAboveTwoToThe31IsUnsigned() {
        byte[] in = hex("00112233445566778899aabb 00000000 ae3223c7 00000001 ff000000");
        ReflectorPacket.Data d = (ReflectorPacket.Data) codec.parse(in, 0, in.length);
        assertThat(d.senderRUnsigned()).isEqualTo(3340972718L);
        assertThat(ReflectorHostname.format(2, d.senderRUnsigned())).isEqualTo("reflector-2-3340972718.reflector");
    }

    @Test
    void ourOwnEnvelopeParsesBackForTheMirrorPeer() {
        // the peer shares the server prefix; to it our packet is data from OWN_R
        ReflectorCodec peer = new ReflectorCodec(ReflectorTag.of(PEER_TAG, PEER_R));
        byte[] payload = hex("000100002112a442");
        byte[] out = new byte[64];
        int n = codec.writeData(out, 0, PEER_R, payload, 0, payload.length);
        ReflectorPacket.Data d = (ReflectorPacket.Data) peer.parse(out, 0, n);
        assertThat(d.senderR()).isEqualTo(OWN_R);
        assertThat(Arrays.copyOfRange(out, d.payloadOffset(), d.payloadOffset() + d.payloadLength())).isEqualTo(payload);
    }

    @Test
    void pongIsRecognised() {
        byte[] echoedHello = new byte[40];
        codec.writeHello(echoedHello, 0);
        assertThat(codec.parse(echoedHello, 0, 40)).isInstanceOf(ReflectorPacket.Pong.class);
        byte[] minimal = hex("00112233445566778899aabb 00000000 ffffffffffffffffffffffff");
        assertThat(codec.parse(minimal, 0, minimal.length)).isInstanceOf(ReflectorPacket.Pong.class);
    }

    @Test
    void malformedAndForeignPackets() {
        assertThat(reason(hex("00112233445566778899aa"))).contains("shorter");
        assertThat(reason(hex("ff112233445566778899aabb ae3223c7 04030201 00000001 aa000000"))).contains("prefix");
        assertThat(reason(hex("00112233445566778899aabb ae3223c7 0403"))).contains("without sender");
        assertThat(reason(hex("00112233445566778899aabb ae3223c7 04030201 00000000"))).contains("without payload");
        assertThat(reason(hex("00112233445566778899aabb ae3223c7 04030201 00000005 aabbccdd"))).contains("exceeds");
        assertThat(reason(hex("00112233445566778899aabb ae3223c7 04030201 80000000 aabbccdd"))).contains("exceeds");
        assertThat(reason(hex("00112233445566778899aabb ae3223c7 00000000 00000001 aa000000"))).contains("sender R");
        assertThat(codec.parse(new byte[10], 5, 10)).isInstanceOf(ReflectorPacket.Rejected.class);
        assertThat(codec.parse(new byte[10], -1, 5)).isInstanceOf(ReflectorPacket.Rejected.class);
        assertThat(codec.isFromOurReflector(hex("00112233445566778899aabb"), 0, 12)).isFalse();
    }

    private String reason(byte[] in) {
        ReflectorPacket p = codec.parse(in, 0, in.length);
        assertThat(p).isInstanceOf(ReflectorPacket.Rejected.class);
        return ((ReflectorPacket.Rejected) p).reason();
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }
}
