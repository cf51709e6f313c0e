package org.tgari.voip.turn;

/**
 * TURN ChannelData framing (RFC 8656 §12.4): channel number (u16), length (u16), payload. Four bytes
 * of overhead instead of a Send indication's 36, which is why bound peers use it.
 */
public final class ChannelData {
    public static final int HEADER = 4;

    private ChannelData() {}

    /** True when the datagram starts like ChannelData (first two bits 01, RFC 7983) and holds the payload it announces. */
    public static boolean isChannelData(byte[] buf, int off, int len) {
        if (len < HEADER) return false;
        int channel = u16(buf, off);
        return channel >= 0x4000 && channel <= 0x4FFF && HEADER + u16(buf, off + 2) <= len;
    }

    public static int channel(byte[] buf, int off) {
        return u16(buf, off);
    }

    public static int payloadLength(byte[] buf, int off) {
        return u16(buf, off + 2);
    }

    /**
     * Writes the header and payload into {@code out} at {@code at}; returns the length written. No
     * padding: over UDP it is optional (RFC 8656 §12.5) and would only cost bytes.
     */
    public static int write(byte[] out, int at, int channel, byte[] payload, int off, int len) {
        if (len > 0xFFFF) throw new IllegalArgumentException("payload too long for ChannelData: " + len);
        out[at] = (byte) (channel >>> 8);
        out[at + 1] = (byte) channel;
        out[at + 2] = (byte) (len >>> 8);
        out[at + 3] = (byte) len;
        System.arraycopy(payload, off, out, at + HEADER, len);
        return HEADER + len;
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }
}
