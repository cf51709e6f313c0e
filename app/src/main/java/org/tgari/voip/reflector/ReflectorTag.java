package org.tgari.voip.reflector;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Our 16-byte tag on one Telegram reflector: the first 12 bytes of the server's peer_tag followed
 * by a random non-zero u32 R, stored little-endian (tgcalls copies the host-order integer raw).
 */
public final class ReflectorTag {
    public static final int LENGTH = 16;
    public static final int PREFIX_LENGTH = 12;

    private final byte[] prefix;
    private final int r;

    private ReflectorTag(byte[] prefix, int r) {
        this.prefix = prefix;
        this.r = r;
    }

    /** Tag for {@code peerTag} (the 16-byte peer_tag TDLib gives for the server) and a chosen non-zero R. */
    public static ReflectorTag of(byte[] peerTag, int r) {
        if (peerTag.length != LENGTH) throw new IllegalArgumentException("peer_tag must be 16 bytes, got " + peerTag.length);
        if (r == 0) throw new IllegalArgumentException("R must be non-zero");
        return new ReflectorTag(Arrays.copyOf(peerTag, PREFIX_LENGTH), r);
    }

    /** Tag with a random non-zero R. */
    public static ReflectorTag random(byte[] peerTag, RandomGenerator random) {
        int r;
        do {
            r = random.nextInt();
        } while (r == 0);
        return of(peerTag, r);
    }

    /** R as the raw 32 bits. */
    public int r() {
        return r;
    }

    /** R as the unsigned value tgcalls prints in hostnames. */
    public long rUnsigned() {
        return Integer.toUnsignedLong(r);
    }

    /** The 16 bytes sent as our tag. */
    public byte[] bytes() {
        byte[] b = Arrays.copyOf(prefix, LENGTH);
        putLittleEndian(b, PREFIX_LENGTH, r);
        return b;
    }

    /** True if {@code in[off, off+12)} equals our prefix; caller guarantees 12 readable bytes. */
    public boolean prefixMatches(byte[] in, int off) {
        return Arrays.equals(prefix, 0, PREFIX_LENGTH, in, off, off + PREFIX_LENGTH);
    }

    void writePrefix(byte[] out, int off) {
        System.arraycopy(prefix, 0, out, off, PREFIX_LENGTH);
    }

    static void putLittleEndian(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) (v >>> 16);
        b[i + 3] = (byte) (v >>> 24);
    }

    static int getLittleEndian(byte[] b, int i) {
        return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8) | ((b[i + 2] & 0xFF) << 16) | ((b[i + 3] & 0xFF) << 24);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReflectorTag t && r == t.r && Arrays.equals(prefix, t.prefix);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(prefix) + r;
    }

    /** The prefix is the reflector credential; only R is shown. */
    @Override
    public String toString() {
        return "ReflectorTag[R=" + rUnsigned() + "]";
    }
}
