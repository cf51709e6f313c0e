package org.tgari.cli.qr;

/** Arithmetic in GF(2^8) with QR's reducing polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D). */
final class GaloisField {
    private static final int[] EXP = new int[512];
    private static final int[] LOG = new int[256];

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = x;
            LOG[x] = i;
            x <<= 1;
            if (x >= 256) x ^= 0x11D;
        }
        // a doubled table saves the modulo in multiply
        for (int i = 255; i < 512; i++) EXP[i] = EXP[i - 255];
    }

    private GaloisField() {}

    static int multiply(int a, int b) {
        if (a == 0 || b == 0) return 0;
        return EXP[LOG[a] + LOG[b]];
    }

    /** alpha^n, alpha = 2. */
    static int power(int n) {
        return EXP[n % 255];
    }
}
