package org.tgari.voip.rtp;

import static org.tgari.wire.Bytes.putU16;
import static org.tgari.wire.Bytes.putU32;
import static org.tgari.wire.Bytes.u16;
import static org.tgari.wire.Bytes.u32;

import java.util.ArrayList;
import java.util.List;

/**
 * RTCP sender/receiver reports (RFC 3550 §6.4) with one report block and an SDES CNAME, and a reader
 * of compound packets that keeps what tgari uses: sender reports and report blocks about our SSRC.
 */
public final class Rtcp {
    private Rtcp() {}

    public static final int SR = 200, RR = 201, SDES = 202, BYE = 203;

    /** One report block about a source we receive. */
    public record ReportBlock(long ssrc, int fractionLost, long cumulativeLost, long highestSequence, long jitter, long lsr, long dlsr) {}

    /** What a compound RTCP packet told us. */
    public record Parsed(long senderSsrc, boolean senderReport, long ntpTimestamp, long rtpTimestamp, long packetCount,
                         List<ReportBlock> blocks) {}

    /**
     * Writes SR (when {@code sent} is true) or RR, with {@code block} (may be null) and an SDES CNAME;
     * returns the length. {@code out} needs room for 28 + 24 + 12 + cname bytes.
     */
    public static int writeReport(byte[] out, int off, long ssrc, boolean sent, long ntp, long rtpTs, long packets, long octets,
                                  ReportBlock block, String cname) {
        int pos = off;
        int rc = block == null ? 0 : 1;
        int words = (sent ? 6 : 1) + 6 * rc; // length in 32-bit words minus one
        out[pos] = (byte) (0x80 | rc);
        out[pos + 1] = (byte) (sent ? SR : RR);
        putU16(out, pos + 2, words);
        putU32(out, pos + 4, ssrc);
        pos += 8;
        if (sent) {
            putU32(out, pos, ntp >>> 32);
            putU32(out, pos + 4, ntp);
            putU32(out, pos + 8, rtpTs);
            putU32(out, pos + 12, packets);
            putU32(out, pos + 16, octets);
            pos += 20;
        }
        if (block != null) {
            putU32(out, pos, block.ssrc());
            out[pos + 4] = (byte) block.fractionLost();
            long lost = Math.min(block.cumulativeLost(), 0x7FFFFF);
            out[pos + 5] = (byte) (lost >>> 16);
            out[pos + 6] = (byte) (lost >>> 8);
            out[pos + 7] = (byte) lost;
            putU32(out, pos + 8, block.highestSequence());
            putU32(out, pos + 12, block.jitter());
            putU32(out, pos + 16, block.lsr());
            putU32(out, pos + 20, block.dlsr());
            pos += 24;
        }
        byte[] name = cname.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int itemLen = 2 + Math.min(name.length, 255);
        int chunk = 4 + itemLen + 1; // ssrc, item, end-of-list null
        int padded = (chunk + 3) & ~3;
        out[pos] = (byte) 0x81;
        out[pos + 1] = (byte) SDES;
        putU16(out, pos + 2, padded / 4);
        putU32(out, pos + 4, ssrc);
        out[pos + 8] = 1; // CNAME
        out[pos + 9] = (byte) (itemLen - 2);
        System.arraycopy(name, 0, out, pos + 10, itemLen - 2);
        for (int i = pos + 10 + itemLen - 2; i < pos + 4 + padded; i++) out[i] = 0;
        pos += 4 + padded;
        return pos - off;
    }

    /** Reads a compound (or reduced-size) packet; null when any header is malformed. */
    public static Parsed read(byte[] in, int off, int len) {
        int pos = off, end = off + len;
        long senderSsrc = -1, ntp = 0, rtpTs = 0, packets = 0;
        boolean sr = false;
        List<ReportBlock> blocks = new ArrayList<>();
        while (pos + 4 <= end) {
            int b0 = in[pos] & 0xFF;
            if ((b0 >>> 6) != 2) return null;
            int type = in[pos + 1] & 0xFF;
            int length = 4 * (u16(in, pos + 2) + 1);
            if (pos + length > end) return null;
            int count = b0 & 0x1F;
            if (senderSsrc < 0 && length >= 8) senderSsrc = u32(in, pos + 4);
            if (type == SR || type == RR) {
                int fixed = type == SR ? 28 : 8;
                if (length < fixed + 24 * count) return null;
                senderSsrc = u32(in, pos + 4);
                if (type == SR) {
                    sr = true;
                    ntp = (u32(in, pos + 8) << 32) | u32(in, pos + 12);
                    rtpTs = u32(in, pos + 16);
                    packets = u32(in, pos + 20);
                }
                for (int i = 0, b = pos + fixed; i < count; i++, b += 24) {
                    long cum = ((in[b + 5] & 0xFFL) << 16) | ((in[b + 6] & 0xFF) << 8) | (in[b + 7] & 0xFF);
                    blocks.add(new ReportBlock(u32(in, b), in[b + 4] & 0xFF, cum, u32(in, b + 8), u32(in, b + 12), u32(in, b + 16), u32(in, b + 20)));
                }
            }
            pos += length;
        }
        return pos == end && senderSsrc >= 0 ? new Parsed(senderSsrc, sr, ntp, rtpTs, packets, List.copyOf(blocks)) : null;
    }

    /** Round-trip time from a report block about us (RFC 3550 §6.4.1), in ms; NaN without LSR. */
    public static double roundTripMs(ReportBlock b, long nowNtp) {
        if (b.lsr() == 0) return Double.NaN;
        long nowMiddle = (nowNtp >>> 16) & 0xFFFFFFFFL;
        long rtt = (nowMiddle - b.lsr() - b.dlsr()) & 0xFFFFFFFFL;
        if (rtt > 0x7FFFFFFFL) return Double.NaN;
        return rtt * 1000.0 / 65536.0;
    }

    /** Wall-clock time as a 64-bit NTP timestamp. */
    public static long ntpNow() {
        long ms = System.currentTimeMillis();
        long seconds = ms / 1000 + 2_208_988_800L;
        long fraction = ((ms % 1000) << 32) / 1000;
        return (seconds << 32) | fraction;
    }

}
