package org.tgari.media.codec;

/** 16-bit linear PCM byte order conversions: RTP slin is big-endian, chan_websocket little-endian. */
public final class Pcm {
    private Pcm() {}

    public static void bigEndianToShorts(byte[] in, int inOff, int n, short[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = (short) ((in[inOff + 2 * i] << 8) | (in[inOff + 2 * i + 1] & 0xFF));
    }

    public static void shortsToBigEndian(short[] in, int inOff, int n, byte[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            short s = in[inOff + i];
            out[outOff + 2 * i] = (byte) (s >> 8);
            out[outOff + 2 * i + 1] = (byte) s;
        }
    }

    public static void littleEndianToShorts(byte[] in, int inOff, int n, short[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = (short) ((in[inOff + 2 * i + 1] << 8) | (in[inOff + 2 * i] & 0xFF));
    }

    public static void shortsToLittleEndian(short[] in, int inOff, int n, byte[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            short s = in[inOff + i];
            out[outOff + 2 * i] = (byte) s;
            out[outOff + 2 * i + 1] = (byte) (s >> 8);
        }
    }
}
