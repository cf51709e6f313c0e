package org.tgari.media.rtp;

import static org.tgari.wire.Bytes.putU32;
import static org.tgari.wire.Bytes.u32;

/**
 * A reusable, mutable view of one RTP packet (RFC 3550) inside a byte array; {@link #wrap} validates
 * the header and never allocates, so one instance serves every packet of a stream.
 */
public final class RtpPacket {

    private byte[] buf;
    private int off;
    private int len;
    private int payloadOffset;
    private int payloadLength;
    private int extensionProfile = -1;
    private int extensionOffset;
    private int extensionLength;
    private int lastExtensionLength;

    /** Points this view at a packet; false (and the view unusable) when the packet is malformed. */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        if (buf == null || off < 0 || len < 12 || off + len > buf.length) return false;
        int b0 = buf[off] & 0xFF;
        if ((b0 >>> 6) != 2) return false;
        int csrcCount = b0 & 0x0F;
        int pos = off + 12 + 4 * csrcCount;
        int end = off + len;
        if (pos > end) return false;
        extensionProfile = -1;
        extensionOffset = 0;
        extensionLength = 0;
        if ((b0 & 0x10) != 0) {
            if (pos + 4 > end) return false;
            int profile = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
            int words = ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
            int extStart = pos + 4;
            if (extStart + 4 * words > end) return false;
            extensionProfile = profile;
            extensionOffset = extStart;
            extensionLength = 4 * words;
            pos = extStart + 4 * words;
        }
        int padding = 0;
        if ((b0 & 0x20) != 0) {
            if (end <= pos) return false;
            padding = buf[end - 1] & 0xFF;
            if (padding == 0 || pos + padding > end) return false;
        }
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.payloadOffset = pos;
        this.payloadLength = end - padding - pos;
        return true;
    }

    public int payloadType() { return buf[off + 1] & 0x7F; }

    public boolean marker() { return (buf[off + 1] & 0x80) != 0; }

    public int sequence() { return ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF); }

    public long timestamp() { return u32(buf, off + 4); }

    public long ssrc() { return u32(buf, off + 8); }

    public byte[] buffer() { return buf; }

    public int offset() { return off; }

    public int length() { return len; }

    public int payloadOffset() { return payloadOffset; }

    public int payloadLength() { return payloadLength; }

    /** 0xBEDE for one-byte, 0x100x for two-byte header extensions; -1 when the packet has none. */
    public int extensionProfile() { return extensionProfile; }

    /**
     * Finds header extension element {@code id} (RFC 8285); returns the offset of its data in
     * {@link #buffer()} or -1, and its length through {@link #lastExtensionLength()}.
     */
    public int findExtension(int id) {
        lastExtensionLength = 0;
        if (extensionProfile < 0) return -1;
        boolean oneByte = extensionProfile == 0xBEDE;
        boolean twoByte = (extensionProfile & 0xFFF0) == 0x1000;
        if (!oneByte && !twoByte) return -1;
        int pos = extensionOffset;
        int end = extensionOffset + extensionLength;
        while (pos < end) {
            int b = buf[pos] & 0xFF;
            if (b == 0) { // padding between elements
                pos++;
                continue;
            }
            int elemId, elemLen, data;
            if (oneByte) {
                elemId = b >>> 4;
                if (elemId == 15) return -1; // reserved: stop parsing, per RFC 8285
                elemLen = (b & 0x0F) + 1;
                data = pos + 1;
            } else {
                if (pos + 2 > end) return -1;
                elemId = b;
                elemLen = buf[pos + 1] & 0xFF;
                data = pos + 2;
            }
            if (data + elemLen > end) return -1;
            if (elemId == id) {
                lastExtensionLength = elemLen;
                return data;
            }
            pos = data + elemLen;
        }
        return -1;
    }

    public int lastExtensionLength() { return lastExtensionLength; }

    /** Writes a 12-byte header (no CSRC, no extension) and returns 12. */
    public static int writeHeader(byte[] out, int off, int payloadType, boolean marker, int sequence, long timestamp, long ssrc) {
        out[off] = (byte) 0x80;
        out[off + 1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
        out[off + 2] = (byte) (sequence >>> 8);
        out[off + 3] = (byte) sequence;
        putU32(out, off + 4, timestamp);
        putU32(out, off + 8, ssrc);
        return 12;
    }

}
