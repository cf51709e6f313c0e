package org.tgari.cli.qr;

/** The symbol under construction: function patterns first, then data, masks and format information. */
final class ModuleGrid {
    private final int version;
    private final int size;
    private final boolean[] dark;
    private final boolean[] function;

    ModuleGrid(int version) {
        this.version = version;
        this.size = QrVersions.size(version);
        this.dark = new boolean[size * size];
        this.function = new boolean[size * size];
        placeFunctionPatterns();
    }

    int size() {
        return size;
    }

    boolean dark(int x, int y) {
        return dark[y * size + x];
    }

    boolean[] snapshot() {
        return dark.clone();
    }

    private void set(int x, int y, boolean isDark) {
        dark[y * size + x] = isDark;
        function[y * size + x] = true;
    }

    private void placeFunctionPatterns() {
        finder(3, 3);
        finder(size - 4, 3);
        finder(3, size - 4);
        for (int i = 8; i < size - 8; i++) {
            set(6, i, i % 2 == 0);
            set(i, 6, i % 2 == 0);
        }
        int[] c = QrVersions.alignmentCentres(version);
        for (int i = 0; i < c.length; i++) {
            for (int j = 0; j < c.length; j++) {
                boolean onFinder = (i == 0 && j == 0) || (i == 0 && j == c.length - 1) || (i == c.length - 1 && j == 0);
                if (!onFinder) alignment(c[i], c[j]);
            }
        }
        placeFormat(ErrorCorrection.M, 0); // reserves the areas; the real bits come after masking
        if (version >= 7) placeVersion();
    }

    /** A 7x7 finder centred on (cx, cy) with its light separator, clipped at the symbol's edge. */
    private void finder(int cx, int cy) {
        for (int dy = -4; dy <= 4; dy++) {
            for (int dx = -4; dx <= 4; dx++) {
                int x = cx + dx, y = cy + dy;
                if (x < 0 || y < 0 || x >= size || y >= size) continue;
                int ring = Math.max(Math.abs(dx), Math.abs(dy));
                set(x, y, ring != 2 && ring != 4);
            }
        }
    }

    private void alignment(int cx, int cy) {
        for (int dy = -2; dy <= 2; dy++) {
            for (int dx = -2; dx <= 2; dx++) set(cx + dx, cy + dy, Math.max(Math.abs(dx), Math.abs(dy)) != 1);
        }
    }

    /** Both copies of the format bits, bit 0 the least significant, and the always-dark module. */
    void placeFormat(ErrorCorrection level, int mask) {
        int bits = QrEncoder.formatBits(level, mask);
        // first copy, around the top-left finder: bits 0-7 down column 8 (skipping the timing row), 8-14 along row 8
        for (int i = 0; i <= 5; i++) set(8, i, bit(bits, i));
        set(8, 7, bit(bits, 6));
        set(8, 8, bit(bits, 7));
        set(7, 8, bit(bits, 8));
        for (int i = 9; i < 15; i++) set(14 - i, 8, bit(bits, i));
        // second copy: bits 0-7 along row 8 from the right edge, 8-14 up column 8 from the bottom
        for (int i = 0; i < 8; i++) set(size - 1 - i, 8, bit(bits, i));
        for (int i = 8; i < 15; i++) set(8, size - 15 + i, bit(bits, i));
        set(8, size - 8, true);
    }

    private void placeVersion() {
        int bits = QrEncoder.versionBits(version);
        for (int i = 0; i < 18; i++) {
            boolean b = bit(bits, i);
            int a = size - 11 + i % 3, c = i / 3;
            set(a, c, b);
            set(c, a, b);
        }
    }

    private static boolean bit(int value, int i) {
        return (value >>> i & 1) != 0;
    }

    /** Codeword bits, most significant first, in the two-column zigzag from the bottom-right corner. */
    void placeData(byte[] codewords) {
        int i = 0, total = codewords.length * 8;
        for (int right = size - 1; right >= 1; right -= 2) {
            if (right == 6) right = 5; // the vertical timing column is skipped as a whole
            boolean upward = ((right + 1) & 2) == 0;
            for (int step = 0; step < size; step++) {
                int y = upward ? size - 1 - step : step;
                for (int j = 0; j < 2; j++) {
                    int x = right - j;
                    if (function[y * size + x]) continue;
                    // remainder bits past the last codeword stay light
                    if (i < total) dark[y * size + x] = ((codewords[i >>> 3] >>> (7 - (i & 7))) & 1) != 0;
                    i++;
                }
            }
        }
    }

    /** XORs the mask pattern onto every data module; applying it twice restores the data. */
    void applyMask(int mask) {
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (function[y * size + x]) continue;
                boolean flip = switch (mask) {
                    case 0 -> (x + y) % 2 == 0;
                    case 1 -> y % 2 == 0;
                    case 2 -> x % 3 == 0;
                    case 3 -> (x + y) % 3 == 0;
                    case 4 -> (y / 2 + x / 3) % 2 == 0;
                    case 5 -> x * y % 2 + x * y % 3 == 0;
                    case 6 -> (x * y % 2 + x * y % 3) % 2 == 0;
                    case 7 -> ((x + y) % 2 + x * y % 3) % 2 == 0;
                    default -> throw new IllegalArgumentException("mask " + mask);
                };
                if (flip) dark[y * size + x] ^= true;
            }
        }
    }
}
