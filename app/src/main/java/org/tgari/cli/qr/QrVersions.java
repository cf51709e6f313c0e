package org.tgari.cli.qr;

/**
 * The fixed facts of the 40 QR versions: symbol size, codeword counts and error correction block
 * structure (ISO/IEC 18004 table 9), alignment pattern centres (annex E).
 */
final class QrVersions {
    private QrVersions() {}

    // error correction codewords per block, by level (L, M, Q, H) and version 1..40
    private static final int[][] EC_PER_BLOCK = {
            {7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
            {10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28},
            {13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
            {17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30}};

    // number of error correction blocks, same layout
    private static final int[][] BLOCKS = {
            {1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25},
            {1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49},
            {1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68},
            {1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81}};

    static int size(int version) {
        return 17 + 4 * version;
    }

    /** Modules left for data and error correction once every function pattern is placed. */
    static int dataModules(int version) {
        int size = size(version);
        int n = size * size;
        n -= 3 * 64;                 // finders with separators
        n -= 2 * (size - 16);        // timing patterns between them
        n -= 31;                     // both format areas and the dark module
        if (version >= 2) {
            int k = alignmentCentres(version).length;
            int patterns = k * k - 3; // none on the three finders
            n -= patterns * 25;
            n += 2 * 5 * (k - 2);     // alignment patterns crossing the timing lines counted twice
        }
        if (version >= 7) n -= 2 * 18; // version information
        return n;
    }

    static int totalCodewords(int version) {
        return dataModules(version) / 8;
    }

    static int ecPerBlock(int version, ErrorCorrection level) {
        return EC_PER_BLOCK[level.ordinal()][version - 1];
    }

    static int blocks(int version, ErrorCorrection level) {
        return BLOCKS[level.ordinal()][version - 1];
    }

    static int dataCodewords(int version, ErrorCorrection level) {
        return totalCodewords(version) - ecPerBlock(version, level) * blocks(version, level);
    }

    /** Row/column coordinates of alignment pattern centres: 6, then evenly spaced (even steps) up to size - 7. */
    static int[] alignmentCentres(int version) {
        if (version == 1) return new int[0];
        int count = version / 7 + 2;
        int last = size(version) - 7;
        // version 32 is the one version whose spacing the standard does not round up
        int step = version == 32 ? 26 : (((last - 6) + (count - 1) * 2 - 1) / ((count - 1) * 2)) * 2;
        int[] c = new int[count];
        c[0] = 6;
        for (int i = count - 1, p = last; i >= 1; i--, p -= step) c[i] = p;
        return c;
    }
}
