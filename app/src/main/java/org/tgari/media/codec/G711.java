package org.tgari.media.codec;

/** G.711 µ-law and A-law (ITU-T G.711) conversions over whole frames, table-driven for decoding. */
public final class G711 {

    private static final short[] ULAW_TO_LINEAR = new short[256];
    private static final short[] ALAW_TO_LINEAR = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            ULAW_TO_LINEAR[i] = ulawDecode((byte) i);
            ALAW_TO_LINEAR[i] = alawDecode((byte) i);
        }
    }

    private G711() {}

    public static void ulawToLinear(byte[] in, int inOff, int n, short[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = ULAW_TO_LINEAR[in[inOff + i] & 0xFF];
    }

    public static void linearToUlaw(short[] in, int inOff, int n, byte[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = ulawEncode(in[inOff + i]);
    }

    public static void alawToLinear(byte[] in, int inOff, int n, short[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = ALAW_TO_LINEAR[in[inOff + i] & 0xFF];
    }

    public static void linearToAlaw(short[] in, int inOff, int n, byte[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = alawEncode(in[inOff + i]);
    }

    private static final int ULAW_BIAS = 0x84;
    private static final int ULAW_CLIP = 32635;

    static byte ulawEncode(short sample) {
        int s = sample;
        int sign = (s >> 8) & 0x80;
        if (sign != 0) s = -s;
        if (s > ULAW_CLIP) s = ULAW_CLIP;
        s += ULAW_BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (s & mask) == 0 && exponent > 0; mask >>= 1) exponent--;
        int mantissa = (s >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    static short ulawDecode(byte code) {
        int u = ~code & 0xFF;
        int sign = u & 0x80;
        int exponent = (u >> 4) & 0x07;
        int mantissa = u & 0x0F;
        int s = (((mantissa << 3) + ULAW_BIAS) << exponent) - ULAW_BIAS;
        return (short) (sign != 0 ? -s : s);
    }

    static byte alawEncode(short sample) {
        int s = sample >> 3; // A-law works on 13-bit magnitudes
        int sign = s >= 0 ? 0x80 : 0;
        if (s < 0) s = -s - 1;
        int code;
        if (s < 32) {
            code = s >> 1;
        } else {
            int exponent = 1;
            int v = s >> 5;
            while (v > 1 && exponent < 7) {
                v >>= 1;
                exponent++;
            }
            if (s >= 4096) {
                code = 0x7F; // clip
            } else {
                code = (exponent << 4) | ((s >> exponent) & 0x0F);
            }
        }
        return (byte) ((sign | code) ^ 0x55);
    }

    static short alawDecode(byte code) {
        int a = (code ^ 0x55) & 0xFF;
        int sign = a & 0x80;
        int exponent = (a >> 4) & 0x07;
        int mantissa = a & 0x0F;
        int s;
        if (exponent == 0) {
            s = (mantissa << 4) + 8;
        } else {
            s = ((mantissa << 4) + 0x108) << (exponent - 1);
        }
        return (short) (sign != 0 ? s : -s);
    }
}
