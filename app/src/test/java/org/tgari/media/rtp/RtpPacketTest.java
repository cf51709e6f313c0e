package org.tgari.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RtpPacketTest {

    private final RtpPacket p = new RtpPacket();

    @Test
    void writesAndReadsAPlainHeader() {
        byte[] b = new byte[12 + 3];
        RtpPacket.writeHeader(b, 0, 111, true, 65535, 0xFFFFFFF0L, 0xDEADBEEFL);
        b[12] = 1; b[13] = 2; b[14] = 3;
        assertThat(p.wrap(b, 0, b.length)).isTrue();
        assertThat(p.payloadType()).isEqualTo(111);
        assertThat(p.marker()).isTrue();
        assertThat(p.sequence()).isEqualTo(65535);
        assertThat(p.timestamp()).isEqualTo(0xFFFFFFF0L);
        assertThat(p.ssrc()).isEqualTo(0xDEADBEEFL);
        assertThat(p.payloadOffset()).isEqualTo(12);
        assertThat(p.payloadLength()).isEqualTo(3);
        assertThat(p.extensionProfile()).isEqualTo(-1);
    }

    @Test
    void findsOneByteAndTwoByteExtensionsAndSkipsCsrcAndPadding() {
        // V=2 P=1 X=1 CC=1, PT 111; one CSRC; 0xBEDE ext of 2 words: id 2 len 3 (abs-send-time), id 3 len 2 (twcc), pad
        byte[] b = {
                (byte) 0xB1, 111, 0, 7, 0, 0, 0, 1, 0, 0, 0, 2,
                0, 0, 0, 9,
                (byte) 0xBE, (byte) 0xDE, 0, 2,
                0x22, 0x11, 0x22, 0x33, 0x31, 0x44, 0x55, 0,
                (byte) 0xAA, (byte) 0xBB, 0, 2};
        assertThat(p.wrap(b, 0, b.length)).isTrue();
        assertThat(p.extensionProfile()).isEqualTo(0xBEDE);
        int abs = p.findExtension(2);
        assertThat(abs).isEqualTo(21);
        assertThat(p.lastExtensionLength()).isEqualTo(3);
        int twcc = p.findExtension(3);
        assertThat(b[twcc]).isEqualTo((byte) 0x44);
        assertThat(p.lastExtensionLength()).isEqualTo(2);
        assertThat(p.findExtension(5)).isEqualTo(-1);
        assertThat(p.payloadOffset()).isEqualTo(28);
        assertThat(p.payloadLength()).isEqualTo(2); // 4 bytes minus 2 bytes of padding
        byte[] two = {(byte) 0x90, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0x10, 0x00, 0, 1, 7, 2, 0x55, 0x66, 9};
        assertThat(p.wrap(two, 0, two.length)).isTrue();
        int e = p.findExtension(7);
        assertThat(two[e]).isEqualTo((byte) 0x55);
        assertThat(p.lastExtensionLength()).isEqualTo(2);
    }

    @Test
    void rejectsMalformedPackets() {
        assertThat(p.wrap(new byte[11], 0, 11)).as("short").isFalse();
        byte[] v1 = new byte[20];
        v1[0] = 0x40;
        assertThat(p.wrap(v1, 0, 20)).as("version 1").isFalse();
        byte[] csrc = new byte[16];
        csrc[0] = (byte) 0x82; // two CSRCs need 20 bytes
        assertThat(p.wrap(csrc, 0, 16)).isFalse();
        byte[] ext = {(byte) 0x90, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, (byte) 0xBE, (byte) 0xDE, 0, 5};
        assertThat(p.wrap(ext, 0, ext.length)).as("extension overrun").isFalse();
        byte[] pad = {(byte) 0xA0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 2, 3, 50};
        assertThat(p.wrap(pad, 0, pad.length)).as("padding overrun").isFalse();
        byte[] pad0 = {(byte) 0xA0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 2, 3, 0};
        assertThat(p.wrap(pad0, 0, pad0.length)).as("zero padding count").isFalse();
        assertThat(p.wrap(new byte[20], 10, 20)).as("beyond the array").isFalse();
    }

    @Test
    void fuzzNeverThrows() {
        Random r = new Random(42);
        int ok = 0;
        for (int i = 0; i < 20000; i++) {
            byte[] b = new byte[r.nextInt(40)];
            r.nextBytes(b);
            if (b.length > 0 && r.nextBoolean()) b[0] = (byte) (0x80 | (b[0] & 0x3F));
            if (p.wrap(b, 0, b.length)) {
                ok++;
                assertThat(p.payloadOffset() + p.payloadLength()).isLessThanOrEqualTo(b.length);
                p.findExtension(r.nextInt(16));
            }
        }
        assertThat(ok).isPositive();
    }

    @Test
    void senderAdvancesSequenceAndTimestamp() {
        var s = new RtpSender(7, 0, 65535, 100);
        byte[] b = new byte[12];
        s.writeHeader(b, 0, 160, false);
        assertThat(p.wrap(b, 0, 12)).isTrue();
        assertThat(p.sequence()).isEqualTo(65535);
        assertThat(p.timestamp()).isEqualTo(100);
        s.writeHeader(b, 0, 160, false);
        p.wrap(b, 0, 12);
        assertThat(p.sequence()).isZero();
        assertThat(p.timestamp()).isEqualTo(260);
        assertThat(p.ssrc()).isEqualTo(7);
    }
}
