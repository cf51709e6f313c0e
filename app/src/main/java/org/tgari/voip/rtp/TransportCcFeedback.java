package org.tgari.voip.rtp;

import static org.tgari.wire.Bytes.putU32;

import java.util.ArrayList;
import java.util.List;

/**
 * Transport-wide congestion control feedback (RTCP RTPFB FMT 15, draft-holmer-rmcat-transport-wide-cc-
 * extensions-01) for the packets received since the last report: which transport sequence numbers
 * arrived and when, so the peer's bandwidth estimator can work. Statuses are written as two-bit status
 * vector chunks; arrival deltas in 250 µs units, small (one byte) or large (two bytes, signed).
 */
public final class TransportCcFeedback {

    public static final int RTPFB = 205;
    public static final int FMT = 15;
    private static final int MAX_PACKETS = 2048;

    private final long[] arrivalMicros = new long[MAX_PACKETS];
    private final int[] sequences = new int[MAX_PACKETS];
    private int count;
    private long highestUnwrapped = -1;
    private int feedbackCount;

    /** Records a received packet's transport-wide sequence number and arrival time (µs, monotonic). */
    public void onPacket(int sequence, long arrivalMicros) {
        if (count == MAX_PACKETS) return; // a report is overdue; the peer will see these as lost
        long unwrapped = unwrap(sequence & 0xFFFF);
        sequences[count] = (int) unwrapped;
        this.arrivalMicros[count] = arrivalMicros;
        count++;
    }

    private long unwrap(int seq) {
        if (highestUnwrapped < 0) {
            highestUnwrapped = seq;
            return seq;
        }
        long base = highestUnwrapped & ~0xFFFFL;
        long candidate = base | seq;
        if (candidate < highestUnwrapped - 0x8000) candidate += 0x10000;
        else if (candidate > highestUnwrapped + 0x8000) candidate -= 0x10000;
        if (candidate > highestUnwrapped) highestUnwrapped = candidate;
        return candidate;
    }

    public boolean hasPending() {
        return count > 0;
    }

    /** Writes one feedback packet for everything recorded and forgets it; returns its length, 0 if none. */
    public int write(byte[] out, int off, long senderSsrc, long mediaSsrc) {
        if (count == 0) return 0;
        // order by sequence; duplicates keep the first arrival
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) order[i] = i;
        java.util.Arrays.sort(order, (x, y) -> Integer.compare(sequences[x], sequences[y]));
        long base = sequences[order[0]];
        long last = sequences[order[count - 1]];
        int statusCount = (int) Math.min(last - base + 1, 0xFFFF);
        long[] arrival = new long[statusCount];
        java.util.Arrays.fill(arrival, -1);
        for (Integer i : order) {
            int idx = (int) (sequences[i] - base);
            if (idx < statusCount && arrival[idx] < 0) arrival[idx] = arrivalMicros[i];
        }
        long firstArrival = Long.MAX_VALUE;
        for (long a : arrival) if (a >= 0) firstArrival = Math.min(firstArrival, a);
        long referenceTime = firstArrival / 64_000; // 64 ms units
        int[] status = new int[statusCount];
        int[] delta = new int[statusCount];
        long previous = referenceTime * 64_000;
        for (int i = 0; i < statusCount; i++) {
            if (arrival[i] < 0) continue;
            long d = Math.round((arrival[i] - previous) / 250.0);
            previous += d * 250;
            delta[i] = (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, d));
            status[i] = d >= 0 && d <= 255 ? 1 : 2;
        }
        int pos = off + 20;
        for (int i = 0; i < statusCount; i += 7) { // two-bit status vector chunks, 7 statuses each
            int chunk = 0xC000;
            for (int k = 0; k < 7; k++) chunk |= (i + k < statusCount ? status[i + k] : 0) << (12 - 2 * k);
            out[pos++] = (byte) (chunk >>> 8);
            out[pos++] = (byte) chunk;
        }
        for (int i = 0; i < statusCount; i++) {
            if (status[i] == 1) {
                out[pos++] = (byte) delta[i];
            } else if (status[i] == 2) {
                out[pos++] = (byte) (delta[i] >>> 8);
                out[pos++] = (byte) delta[i];
            }
        }
        while (((pos - off) & 3) != 0) out[pos++] = 0;
        out[off] = (byte) (0x80 | FMT);
        out[off + 1] = (byte) RTPFB;
        int words = (pos - off) / 4 - 1;
        out[off + 2] = (byte) (words >>> 8);
        out[off + 3] = (byte) words;
        putU32(out, off + 4, senderSsrc);
        putU32(out, off + 8, mediaSsrc);
        out[off + 12] = (byte) (base >>> 8);
        out[off + 13] = (byte) base;
        out[off + 14] = (byte) (statusCount >>> 8);
        out[off + 15] = (byte) statusCount;
        out[off + 16] = (byte) (referenceTime >>> 16);
        out[off + 17] = (byte) (referenceTime >>> 8);
        out[off + 18] = (byte) referenceTime;
        out[off + 19] = (byte) feedbackCount++;
        count = 0;
        return pos - off;
    }

    /** The largest packet {@link #write} can produce for the packets recorded so far. */
    public int maxLength() {
        return 20 + 2 * (count / 7 + 1) + 2 * count + 3;
    }

    /** One packet's status in a parsed report: its sequence and arrival (µs from the reference), or lost. */
    public record Status(int sequence, boolean received, long arrivalMicros) {}

    /** Reads a feedback packet (for tests and diagnostics); null when malformed. */
    public static List<Status> parse(byte[] in, int off, int len) {
        if (len < 20 || (in[off] & 0x1F) != FMT || (in[off + 1] & 0xFF) != RTPFB) return null;
        int base = ((in[off + 12] & 0xFF) << 8) | (in[off + 13] & 0xFF);
        int statusCount = ((in[off + 14] & 0xFF) << 8) | (in[off + 15] & 0xFF);
        int ref = ((in[off + 16] & 0xFF) << 16) | ((in[off + 17] & 0xFF) << 8) | (in[off + 18] & 0xFF);
        if ((ref & 0x800000) != 0) ref |= 0xFF000000; // signed 24-bit
        int pos = off + 20, end = off + len;
        int[] status = new int[statusCount];
        int n = 0;
        while (n < statusCount) {
            if (pos + 2 > end) return null;
            int chunk = ((in[pos] & 0xFF) << 8) | (in[pos + 1] & 0xFF);
            pos += 2;
            if ((chunk & 0x8000) == 0) { // run length
                int symbol = (chunk >>> 13) & 3, run = chunk & 0x1FFF;
                for (int k = 0; k < run && n < statusCount; k++) status[n++] = symbol;
            } else if ((chunk & 0x4000) == 0) { // 14 one-bit symbols
                for (int k = 0; k < 14 && n < statusCount; k++) status[n++] = (chunk >>> (13 - k)) & 1;
            } else { // 7 two-bit symbols
                for (int k = 0; k < 7 && n < statusCount; k++) status[n++] = (chunk >>> (12 - 2 * k)) & 3;
            }
        }
        List<Status> out = new ArrayList<>();
        long t = ref * 64_000L;
        for (int i = 0; i < statusCount; i++) {
            int seq = (base + i) & 0xFFFF;
            if (status[i] == 0) {
                out.add(new Status(seq, false, 0));
                continue;
            }
            int d;
            if (status[i] == 1) {
                if (pos + 1 > end) return null;
                d = in[pos++] & 0xFF;
            } else {
                if (pos + 2 > end) return null;
                d = (short) (((in[pos] & 0xFF) << 8) | (in[pos + 1] & 0xFF));
                pos += 2;
            }
            t += d * 250L;
            out.add(new Status(seq, true, t));
        }
        return out;
    }

}
