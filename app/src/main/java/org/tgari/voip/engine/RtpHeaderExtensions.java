package org.tgari.voip.engine;

import org.tgari.voip.rtp.Rtcp;

/**
 * The one-byte RTP header extensions (RFC 8285) our packets carry when the peer accepted them:
 * abs-send-time (24-bit 6.18 fixed-point seconds) and the transport-wide sequence number. Confined to
 * the session's context.
 */
final class RtpHeaderExtensions {

    private int absSendTimeId, transportCcId, transportSequence;

    /** The negotiated ids; 0 leaves an extension out. */
    void negotiated(int absSendTimeId, int transportCcId) {
        this.absSendTimeId = absSendTimeId;
        this.transportCcId = transportCcId;
    }

    /** Appends the extensions after a fixed header of {@code h} bytes at the start of {@code out}; returns the new header length. */
    int write(byte[] out, int h) {
        if (absSendTimeId == 0 && transportCcId == 0) return h;
        out[0] |= 0x10; // X bit
        int start = h;
        out[h] = (byte) 0xBE;
        out[h + 1] = (byte) 0xDE;
        int p = h + 4;
        if (absSendTimeId != 0) {
            long ntp = Rtcp.ntpNow();
            long v = (ntp >>> 14) & 0xFFFFFF; // 6 bits of seconds, 18 of fraction
            out[p] = (byte) (absSendTimeId << 4 | 2);
            out[p + 1] = (byte) (v >>> 16);
            out[p + 2] = (byte) (v >>> 8);
            out[p + 3] = (byte) v;
            p += 4;
        }
        if (transportCcId != 0) {
            int seq = transportSequence++ & 0xFFFF;
            out[p] = (byte) (transportCcId << 4 | 1);
            out[p + 1] = (byte) (seq >>> 8);
            out[p + 2] = (byte) seq;
            p += 3;
        }
        while (((p - start - 4) & 3) != 0) out[p++] = 0;
        int words = (p - start - 4) / 4;
        out[start + 2] = (byte) (words >>> 8);
        out[start + 3] = (byte) words;
        return p;
    }
}
