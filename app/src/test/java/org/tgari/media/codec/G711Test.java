package org.tgari.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class G711Test {

    @Test
    void ulawKnownPoints() {
        assertThat(G711.ulawDecode((byte) 0xFF)).isEqualTo((short) 0);
        assertThat(G711.ulawDecode((byte) 0x80)).isEqualTo((short) 32124);
        assertThat(G711.ulawDecode((byte) 0x00)).isEqualTo((short) -32124);
        assertThat(G711.ulawEncode((short) 0)).isEqualTo((byte) 0xFF);
        assertThat(G711.ulawEncode((short) 32767)).isEqualTo((byte) 0x80);
        assertThat(G711.ulawEncode((short) -32768)).isEqualTo((byte) 0x00);
    }

    @Test
    void alawKnownPoints() {
        assertThat(G711.alawDecode((byte) 0xD5)).isEqualTo((short) 8);
        assertThat(G711.alawDecode((byte) 0x55)).isEqualTo((short) -8);
        assertThat(G711.alawDecode((byte) 0xAA)).isEqualTo((short) 32256);
        assertThat(G711.alawEncode((short) 0)).isEqualTo((byte) 0xD5);
        assertThat(G711.alawEncode((short) 32767)).isEqualTo((byte) 0xAA);
        assertThat(G711.alawEncode((short) -32768)).isEqualTo((byte) 0x2A);
    }

    @Test
    void everyCodeRoundTripsAndErrorStaysWithinTheSegmentStep() {
        for (int c = 0; c < 256; c++) {
            byte code = (byte) c;
            short u = G711.ulawDecode(code);
            assertThat(G711.ulawDecode(G711.ulawEncode(u))).isEqualTo(u);
            short a = G711.alawDecode(code);
            assertThat(G711.alawEncode(a)).isEqualTo(code);
        }
        for (int s = -32768; s <= 32767; s += 7) {
            short x = (short) s;
            int errU = Math.abs(G711.ulawDecode(G711.ulawEncode(x)) - x);
            int errA = Math.abs(G711.alawDecode(G711.alawEncode(x)) - x);
            // relative error of a logarithmic 8-bit code: under ~3.2 % plus a small absolute floor
            assertThat(errU).isLessThanOrEqualTo(Math.max(8, Math.abs(s) / 30) + 4);
            assertThat(errA).isLessThanOrEqualTo(Math.max(16, Math.abs(s) / 30) + 4);
        }
    }

    @Test
    void bulkAndByteOrderHelpers() {
        short[] pcm = {0, 1000, -1000, 32767};
        byte[] u = new byte[4];
        G711.linearToUlaw(pcm, 0, 4, u, 0);
        short[] back = new short[4];
        G711.ulawToLinear(u, 0, 4, back, 0);
        assertThat(back[1]).isBetween((short) 960, (short) 1040);
        byte[] be = new byte[8];
        Pcm.shortsToBigEndian(pcm, 0, 4, be, 0);
        assertThat(be[2]).isEqualTo((byte) 0x03);
        assertThat(be[3]).isEqualTo((byte) 0xE8);
        short[] r = new short[4];
        Pcm.bigEndianToShorts(be, 0, 4, r, 0);
        assertThat(r).containsExactly(pcm);
        byte[] le = new byte[8];
        Pcm.shortsToLittleEndian(pcm, 0, 4, le, 0);
        assertThat(le[2]).isEqualTo((byte) 0xE8);
        Pcm.littleEndianToShorts(le, 0, 4, r, 0);
        assertThat(r).containsExactly(pcm);
    }
}
