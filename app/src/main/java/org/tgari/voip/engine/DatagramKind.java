package org.tgari.voip.engine;

/** What a datagram on the ICE pair carries, by its first bytes (RFC 7983 demultiplexing, RFC 5761 for RTCP). */
enum DatagramKind {
    DTLS, RTP, RTCP, OTHER;

    /** The kind of the {@code len} bytes at {@code off}; RTP and RTCP need at least a fixed RTP header. */
    static DatagramKind of(byte[] buf, int off, int len) {
        if (len <= 0) return OTHER;
        int first = buf[off] & 0xFF;
        if (first >= 20 && first <= 63) return DTLS;
        if (first < 128 || first > 191 || len < 12) return OTHER;
        int pt = buf[off + 1] & 0x7F;
        return pt >= 64 && pt <= 95 ? RTCP : RTP; // RTCP packet types 192-223, seen through the marker bit
    }
}
