package org.tgari.cli.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Known values from ISO/IEC 18004 and its worked examples. */
class QrEncoderTest {

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }

    @Test
    void reedSolomonOfHelloWorldOneM() {
        // the data codewords of "HELLO WORLD" as 1-M (alphanumeric) and their ten error correction codewords
        byte[] data = bytes(32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17);
        assertThat(new ReedSolomon(10).remainder(data, 0, data.length))
                .isEqualTo(bytes(196, 35, 39, 119, 235, 215, 231, 226, 93, 23));
    }

    @Test
    void reedSolomonOfIsoAnnexExample() {
        // "01234567" in numeric mode, 1-M (ISO/IEC 18004 annex I)
        byte[] data = bytes(0b00010000, 0b00100000, 0b00001100, 0b01010110, 0b01100001, 0b10000000, 0b11101100, 0b00010001,
                0b11101100, 0b00010001, 0b11101100, 0b00010001, 0b11101100, 0b00010001, 0b11101100, 0b00010001);
        assertThat(new ReedSolomon(10).remainder(data, 0, data.length)).isEqualTo(bytes(0b10100101, 0b00100100, 0b11010100,
                0b11000001, 0b11101101, 0b00110110, 0b11000111, 0b10000111, 0b00101100, 0b01010101));
    }

    @Test
    void formatInformation() {
        assertThat(QrEncoder.formatBits(ErrorCorrection.M, 0)).isEqualTo(0b101010000010010);
        assertThat(QrEncoder.formatBits(ErrorCorrection.L, 4)).isEqualTo(0b110011000101111);
        assertThat(QrEncoder.formatBits(ErrorCorrection.H, 7)).isEqualTo(0b000100000111011);
        assertThat(QrEncoder.formatBits(ErrorCorrection.Q, 2)).isEqualTo(0b011111100110001);
    }

    @Test
    void versionInformation() {
        assertThat(QrEncoder.versionBits(7)).isEqualTo(0b000111110010010100);
        assertThat(QrEncoder.versionBits(21)).isEqualTo(0b010101011010000011);
        assertThat(QrEncoder.versionBits(40)).isEqualTo(0b101000110001101001);
    }

    @Test
    void capacitiesMatchTheStandardsTable() {
        // total codewords and data codewords at L/M/Q/H for a few versions (ISO/IEC 18004 tables 1 and 7)
        assertThat(QrVersions.totalCodewords(1)).isEqualTo(26);
        assertThat(QrVersions.totalCodewords(7)).isEqualTo(196);
        assertThat(QrVersions.totalCodewords(40)).isEqualTo(3706);
        assertThat(QrVersions.dataCodewords(10, ErrorCorrection.M)).isEqualTo(216);
        assertThat(QrVersions.dataCodewords(40, ErrorCorrection.L)).isEqualTo(2956);
        assertThat(QrVersions.dataCodewords(40, ErrorCorrection.M)).isEqualTo(2334);
        assertThat(QrVersions.dataCodewords(40, ErrorCorrection.Q)).isEqualTo(1666);
        assertThat(QrVersions.dataCodewords(40, ErrorCorrection.H)).isEqualTo(1276);
        assertThat(QrVersions.alignmentCentres(7)).containsExactly(6, 22, 38);
        assertThat(QrVersions.alignmentCentres(32)).containsExactly(6, 34, 60, 86, 112, 138);
        assertThat(QrVersions.alignmentCentres(36)).containsExactly(6, 24, 50, 76, 102, 128, 154);
    }

    @Test
    void dataCodewordsOfASmallByteModePayload() {
        // "hi" in 1-M: 0100 00000010 01101000 01101001 0000, then 0xEC/0x11 padding to 16 codewords
        assertThat(QrEncoder.dataCodewords("hi".getBytes(StandardCharsets.US_ASCII), ErrorCorrection.M, 1))
                .isEqualTo(bytes(0x40, 0x26, 0x86, 0x90, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11));
    }

    @Test
    void picksTheSmallestVersionThatHoldsTheData() {
        assertThat(QrEncoder.encode(new byte[14], ErrorCorrection.M).version()).isEqualTo(1);
        assertThat(QrEncoder.encode(new byte[15], ErrorCorrection.M).version()).isEqualTo(2);
        // a TDLib login link is about 60-90 bytes
        byte[] link = ("tg://login?token=" + "A".repeat(60)).getBytes(StandardCharsets.US_ASCII);
        assertThat(QrEncoder.encode(link, ErrorCorrection.M).version()).isEqualTo(5);
        assertThatThrownBy(() -> QrEncoder.encode(new byte[2954], ErrorCorrection.L)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void functionPatternsAreWhereTheStandardPutsThem() {
        QrCode c = QrEncoder.encode("tgari".getBytes(StandardCharsets.US_ASCII), ErrorCorrection.M, 7);
        int n = c.size();
        assertThat(n).isEqualTo(45);
        for (int[] corner : new int[][] {{0, 0}, {n - 7, 0}, {0, n - 7}}) {
            for (int d = 0; d < 7; d++) {
                assertThat(c.dark(corner[0] + d, corner[1])).as("finder top edge").isTrue();
                assertThat(c.dark(corner[0] + 3, corner[1] + d)).as("finder centre column").isEqualTo(d != 1 && d != 5);
            }
        }
        for (int i = 8; i < n - 8; i++) {
            assertThat(c.dark(i, 6)).as("timing row").isEqualTo(i % 2 == 0);
            assertThat(c.dark(6, i)).as("timing column").isEqualTo(i % 2 == 0);
        }
        assertThat(c.dark(8, n - 8)).as("dark module").isTrue();
        // the format bits read back from both copies agree with the level and mask used
        int first = 0, second = 0;
        for (int i = 0; i <= 5; i++) first |= (c.dark(8, i) ? 1 : 0) << i;
        first |= (c.dark(8, 7) ? 1 : 0) << 6 | (c.dark(8, 8) ? 1 : 0) << 7 | (c.dark(7, 8) ? 1 : 0) << 8;
        for (int i = 9; i < 15; i++) first |= (c.dark(14 - i, 8) ? 1 : 0) << i;
        for (int i = 0; i < 8; i++) second |= (c.dark(n - 1 - i, 8) ? 1 : 0) << i;
        for (int i = 8; i < 15; i++) second |= (c.dark(8, n - 15 + i) ? 1 : 0) << i;
        assertThat(first).isEqualTo(second).isEqualTo(QrEncoder.formatBits(ErrorCorrection.M, c.mask()));
    }

    @Test
    void theCodeIsAValueItsCallersCannotChange() {
        QrCode c = QrEncoder.encode("x".getBytes(StandardCharsets.US_ASCII), ErrorCorrection.L);
        boolean before = c.dark(0, 0);
        c.modules()[0] = !before;
        assertThat(c.dark(0, 0)).isEqualTo(before);
    }
}
