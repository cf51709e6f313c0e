package org.tgari.voip.signaling;

/** The 32-bit seq field of EncryptedConnection: a 30-bit counter plus two flag bits. */
final class Seq {
    static final int SINGLE_MESSAGE_BIT = 0x8000_0000;
    static final int REQUIRES_ACK_BIT = 0x4000_0000;
    static final int COUNTER_MASK = 0x3FFF_FFFF;
    /** Counters run 1..2^30-1; the last one is never used (tgcalls stops at the maximum). */
    static final int MAX_COUNTER = COUNTER_MASK;

    private Seq() {}

    static int counter(int seq) {
        return seq & COUNTER_MASK;
    }

    static boolean requiresAck(int seq) {
        return (seq & REQUIRES_ACK_BIT) != 0;
    }

    static boolean singleMessage(int seq) {
        return (seq & SINGLE_MESSAGE_BIT) != 0;
    }

    static int readBe(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    static void writeBe(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
