package org.tgari.cli.qr;

/**
 * Encodes bytes as a QR code (ISO/IEC 18004) in byte mode: the smallest version that holds the data at
 * the requested error correction level, and of the eight masks the one with the lowest penalty.
 */
public final class QrEncoder {
    private QrEncoder() {}

    /** Encodes {@code data}; throws IllegalArgumentException when even version 40 cannot hold it. */
    public static QrCode encode(byte[] data, ErrorCorrection level) {
        for (int v = 1; v <= 40; v++) {
            if (bitsNeeded(data.length, v) <= QrVersions.dataCodewords(v, level) * 8) return encode(data, level, v);
        }
        throw new IllegalArgumentException(data.length + " bytes do not fit in a QR code at level " + level);
    }

    /** Encodes {@code data} in exactly {@code version}. */
    public static QrCode encode(byte[] data, ErrorCorrection level, int version) {
        return encode(data, level, version, -1);
    }

    /** Encodes with a given mask (0-7), or the best one for -1. */
    static QrCode encode(byte[] data, ErrorCorrection level, int version, int forcedMask) {
        if (bitsNeeded(data.length, version) > QrVersions.dataCodewords(version, level) * 8) {
            throw new IllegalArgumentException(data.length + " bytes do not fit in version " + version + "-" + level);
        }
        byte[] codewords = interleave(dataCodewords(data, level, version), level, version);
        var grid = new ModuleGrid(version);
        grid.placeData(codewords);
        int best = forcedMask;
        long bestPenalty = Long.MAX_VALUE;
        for (int mask = 0; mask < 8 && forcedMask < 0; mask++) {
            grid.applyMask(mask);
            grid.placeFormat(level, mask);
            long p = Penalty.of(grid);
            if (p < bestPenalty) {
                bestPenalty = p;
                best = mask;
            }
            grid.applyMask(mask); // XOR again undoes it
        }
        grid.applyMask(best);
        grid.placeFormat(level, best);
        return new QrCode(version, level, best, grid.size(), grid.snapshot());
    }

    static int bitsNeeded(int bytes, int version) {
        return 4 + countBits(version) + 8 * bytes;
    }

    private static int countBits(int version) {
        return version <= 9 ? 8 : 16;
    }

    /** Mode, count, the bytes, terminator, padding to the version's data capacity. */
    static byte[] dataCodewords(byte[] data, ErrorCorrection level, int version) {
        int capacity = QrVersions.dataCodewords(version, level);
        var bits = new BitWriter(capacity);
        bits.put(0b0100, 4);
        bits.put(data.length, countBits(version));
        for (byte b : data) bits.put(b & 0xFF, 8);
        bits.put(0, Math.min(4, capacity * 8 - bits.length()));
        bits.put(0, (8 - bits.length() % 8) % 8);
        for (int pad = 0xEC; bits.length() < capacity * 8; pad ^= 0xEC ^ 0x11) bits.put(pad, 8);
        return bits.bytes();
    }

    /** Splits into blocks, adds each block's error correction, and interleaves them codeword by codeword. */
    static byte[] interleave(byte[] data, ErrorCorrection level, int version) {
        int blocks = QrVersions.blocks(version, level);
        int ecLen = QrVersions.ecPerBlock(version, level);
        int total = QrVersions.totalCodewords(version);
        int shortBlocks = blocks - total % blocks;
        int shortData = total / blocks - ecLen;
        var rs = new ReedSolomon(ecLen);
        byte[][] dataBlocks = new byte[blocks][];
        byte[][] ecBlocks = new byte[blocks][];
        for (int b = 0, off = 0; b < blocks; b++) {
            int len = shortData + (b < shortBlocks ? 0 : 1);
            dataBlocks[b] = java.util.Arrays.copyOfRange(data, off, off + len);
            ecBlocks[b] = rs.remainder(data, off, len);
            off += len;
        }
        byte[] out = new byte[total];
        int k = 0;
        for (int i = 0; i <= shortData; i++) {
            for (int b = 0; b < blocks; b++) {
                if (i < dataBlocks[b].length) out[k++] = dataBlocks[b][i];
            }
        }
        for (int i = 0; i < ecLen; i++) {
            for (int b = 0; b < blocks; b++) out[k++] = ecBlocks[b][i];
        }
        return out;
    }

    /** The 15 format bits: level and mask, BCH(15,5) protected, XOR 101010000010010. */
    static int formatBits(ErrorCorrection level, int mask) {
        int data = level.formatBits() << 3 | mask;
        return (data << 10 | bchRemainder(data << 10, 0x537, 10)) ^ 0x5412;
    }

    /** The 18 version bits (versions 7 and up): the version, BCH(18,6) protected. */
    static int versionBits(int version) {
        return version << 12 | bchRemainder(version << 12, 0x1F25, 12);
    }

    private static int bchRemainder(int value, int generator, int degree) {
        int r = value;
        for (int bit = 31 - Integer.numberOfLeadingZeros(r); bit >= degree; bit--) {
            if ((r >>> bit & 1) != 0) r ^= generator << (bit - degree);
        }
        return r;
    }

    /** Appends bits most significant first. */
    private static final class BitWriter {
        private final byte[] buf;
        private int length;

        BitWriter(int capacityBytes) {
            buf = new byte[capacityBytes];
        }

        void put(int value, int count) {
            for (int i = count - 1; i >= 0; i--) {
                if ((value >>> i & 1) != 0) buf[length >>> 3] |= (byte) (0x80 >>> (length & 7));
                length++;
            }
        }

        int length() {
            return length;
        }

        byte[] bytes() {
            return buf.clone();
        }
    }
}
