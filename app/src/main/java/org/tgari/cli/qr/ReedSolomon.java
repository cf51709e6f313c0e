package org.tgari.cli.qr;

/** Reed-Solomon error correction codewords as QR codes use them: generator roots alpha^0 .. alpha^(n-1). */
final class ReedSolomon {
    private final int[] generator; // coefficients, highest degree first, leading 1 left out

    ReedSolomon(int degree) {
        if (degree < 1 || degree > 254) throw new IllegalArgumentException("degree " + degree);
        // product of (x - alpha^i); in GF(2^8) minus is plus
        int[] g = new int[degree + 1];
        g[0] = 1;
        for (int i = 0; i < degree; i++) {
            int root = GaloisField.power(i);
            for (int j = i + 1; j >= 1; j--) g[j] ^= GaloisField.multiply(g[j - 1], root);
        }
        generator = java.util.Arrays.copyOfRange(g, 1, g.length);
    }

    /** The remainder of data(x) * x^degree divided by the generator: the error correction codewords. */
    byte[] remainder(byte[] data, int off, int len) {
        int n = generator.length;
        int[] r = new int[n];
        for (int i = 0; i < len; i++) {
            int factor = (data[off + i] & 0xFF) ^ r[0];
            System.arraycopy(r, 1, r, 0, n - 1);
            r[n - 1] = 0;
            for (int j = 0; j < n; j++) r[j] ^= GaloisField.multiply(generator[j], factor);
        }
        byte[] out = new byte[n];
        for (int j = 0; j < n; j++) out[j] = (byte) r[j];
        return out;
    }
}
