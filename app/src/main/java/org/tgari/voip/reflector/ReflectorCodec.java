package org.tgari.voip.reflector;

/**
 * Telegram reflector envelope (tgcalls {@code ReflectorPort}, UDP; not TURN): hello/keepalive,
 * data to a peer, and classification of what the reflector sends back. Stateless apart from our tag.
 */
public final class ReflectorCodec {
    public static final int HELLO_LENGTH = 40;
    /** prefix(12) ‖ peer R(4) ‖ own R(4) ‖ length(4). */
    public static final int DATA_HEADER_LENGTH = 24;
    private static final int SPECIAL_MARKER_END = 28;
    private static final long HELLO_TRAILER = 123;
    private static final ReflectorPacket.Rejected SHORT = new ReflectorPacket.Rejected("shorter than a reflector tag");
    private static final ReflectorPacket.Rejected FOREIGN = new ReflectorPacket.Rejected("prefix is not our peer_tag");
    private static final ReflectorPacket.Rejected TRUNCATED = new ReflectorPacket.Rejected("tag without sender R and length");
    private static final ReflectorPacket.Rejected EMPTY = new ReflectorPacket.Rejected("data packet without payload");
    private static final ReflectorPacket.Rejected ZERO_SENDER = new ReflectorPacket.Rejected("sender R is 0");
    private static final ReflectorPacket.Rejected OVERRUN = new ReflectorPacket.Rejected("length field exceeds packet");
    private static final ReflectorPacket.Pong PONG = new ReflectorPacket.Pong();

    private final ReflectorTag own;

    public ReflectorCodec(ReflectorTag own) {
        this.own = own;
    }

    public ReflectorTag tag() {
        return own;
    }

    /** Bytes {@link #writeData} produces for a payload of {@code payloadLength}. */
    public static int dataLength(int payloadLength) {
        return DATA_HEADER_LENGTH + ((payloadLength + 3) & ~3);
    }

    /** Writes the 40-byte hello: own tag ‖ 12×FF ‖ FE FF FF FF ‖ u64 BE 123. Returns its length. */
    public int writeHello(byte[] out, int off) {
        checkRoom(out, off, HELLO_LENGTH);
        own.writePrefix(out, off);
        ReflectorTag.putLittleEndian(out, off + 12, own.r());
        for (int i = 16; i < 28; i++) out[off + i] = (byte) 0xFF;
        out[off + 28] = (byte) 0xFE;
        out[off + 29] = (byte) 0xFF;
        out[off + 30] = (byte) 0xFF;
        out[off + 31] = (byte) 0xFF;
        for (int i = 0; i < 8; i++) out[off + 32 + i] = (byte) (HELLO_TRAILER >>> (56 - 8 * i));
        return HELLO_LENGTH;
    }

    /**
     * Wraps {@code payload[pOff, pOff+pLen)} for the peer whose R is {@code peerR} (parsed from its
     * candidate hostname). {@code out} may not overlap the payload. Returns the datagram length.
     */
    public int writeData(byte[] out, int off, int peerR, byte[] payload, int pOff, int pLen) {
        int total = dataLength(pLen);
        checkRoom(out, off, total);
        own.writePrefix(out, off);
        ReflectorTag.putLittleEndian(out, off + 12, peerR);
        ReflectorTag.putLittleEndian(out, off + 16, own.r());
        out[off + 20] = (byte) (pLen >>> 24);
        out[off + 21] = (byte) (pLen >>> 16);
        out[off + 22] = (byte) (pLen >>> 8);
        out[off + 23] = (byte) pLen;
        System.arraycopy(payload, pOff, out, off + DATA_HEADER_LENGTH, pLen);
        for (int i = off + DATA_HEADER_LENGTH + pLen; i < off + total; i++) out[i] = 0;
        return total;
    }

    /**
     * True if the datagram starts with our prefix: tgcalls marks the reflector ready on any such
     * reply, whatever it carries.
     */
    public boolean isFromOurReflector(byte[] in, int off, int len) {
        return off >= 0 && len >= ReflectorTag.LENGTH && off + len <= in.length && own.prefixMatches(in, off);
    }

    /** Classifies one datagram received from the reflector's address. Never throws. */
    public ReflectorPacket parse(byte[] in, int off, int len) {
        if (in == null || off < 0 || len < 0 || off + len > in.length) return new ReflectorPacket.Rejected("bounds outside buffer");
        if (len < ReflectorTag.LENGTH) return SHORT;
        if (!own.prefixMatches(in, off)) return FOREIGN;
        if (len >= SPECIAL_MARKER_END && allFf(in, off + 16, off + SPECIAL_MARKER_END)) return PONG;
        if (len < DATA_HEADER_LENGTH) return TRUNCATED;
        int senderR = ReflectorTag.getLittleEndian(in, off + 16);
        if (senderR == 0) return ZERO_SENDER;
        long length = ((in[off + 20] & 0xFFL) << 24) | ((in[off + 21] & 0xFF) << 16) | ((in[off + 22] & 0xFF) << 8) | (in[off + 23] & 0xFF);
        if (length > len - DATA_HEADER_LENGTH) return OVERRUN;
        if (length == 0) return EMPTY; // nothing for ICE; tgcalls would hand an empty packet up
        return new ReflectorPacket.Data(senderR, off + DATA_HEADER_LENGTH, (int) length);
    }

    private static boolean allFf(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != (byte) 0xFF) return false;
        }
        return true;
    }

    private static void checkRoom(byte[] out, int off, int needed) {
        if (off < 0 || off + needed > out.length) {
            throw new IllegalArgumentException("need " + needed + " bytes at offset " + off + " in a buffer of " + out.length);
        }
    }
}
