package org.tgari.voip.signaling;

/** Byte-level constants and helpers of EncryptedConnection's plaintext framing. */
final class Frames {
    private Frames() {}

    static final long SINGLE_MESSAGE_BIT = 0x80000000L;
    static final long REQUIRES_ACK_BIT = 0x40000000L;
    static final long COUNTER_MASK = 0x3FFFFFFFL;
    static final int TYPE_CUSTOM = 0x7F;
    static final int TYPE_EMPTY = 0xFE;
    static final int TYPE_ACK = 0xFF;
    static final int MAX_MESSAGE = 1024 * 1024;

    static long u32(byte[] b, int i) {
        return ((long) (b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    static void putU32(byte[] b, int i, long v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }
}
