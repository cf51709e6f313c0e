package org.tgari.voip.rtp;

/**
 * RFC 3550 receiver statistics of one incoming RTP stream (appendix A.1, A.3, A.8): extended highest
 * sequence number, cumulative and interval loss, interarrival jitter, and what the last sender report
 * said, for the LSR/DLSR fields of our reports.
 */
public final class ReceiveStatistics {

    private static final int MAX_DROPOUT = 3000;
    private static final int MAX_MISORDER = 100;

    private final int clockRate;
    private boolean started;
    private int maxSeq;
    private long cycles;
    private long baseSeq;
    private long received;
    private long expectedPrior, receivedPrior;
    private long transit = Long.MIN_VALUE;
    private double jitter;
    private long lastSrNtpMiddle;
    private long lastSrArrivalNanos;

    public ReceiveStatistics(int clockRate) {
        this.clockRate = clockRate;
    }

    /** Records one packet: its sequence, RTP timestamp, and arrival time (ns, monotonic). */
    public void onPacket(int sequence, long rtpTimestamp, long arrivalNanos) {
        int seq = sequence & 0xFFFF;
        if (!started) {
            started = true;
            maxSeq = seq;
            baseSeq = seq;
        } else {
            int delta = (seq - maxSeq) & 0xFFFF;
            if (delta < MAX_DROPOUT) {
                if (seq < maxSeq) cycles += 1 << 16;
                maxSeq = seq;
            } else if (delta <= (1 << 16) - MAX_MISORDER) {
                // a large jump: the sender restarted; start over from this packet
                maxSeq = seq;
                baseSeq = seq;
                cycles = 0;
                received = 0;
                expectedPrior = receivedPrior = 0;
            }
            // else: a duplicate or reordered packet, counted below but not moving the highest sequence
        }
        received++;
        long arrival = arrivalNanos * clockRate / 1_000_000_000L;
        long t = arrival - rtpTimestamp;
        if (transit != Long.MIN_VALUE) {
            long d = Math.abs(t - transit);
            jitter += (d - jitter) / 16.0;
        }
        transit = t;
    }

    /** Notes a sender report from this stream's source (for LSR/DLSR). */
    public void onSenderReport(long ntpTimestamp, long arrivalNanos) {
        lastSrNtpMiddle = (ntpTimestamp >>> 16) & 0xFFFFFFFFL;
        lastSrArrivalNanos = arrivalNanos;
    }

    public long extendedHighestSequence() {
        return cycles + maxSeq;
    }

    public long expected() {
        return started ? extendedHighestSequence() - baseSeq + 1 : 0;
    }

    public long cumulativeLost() {
        return Math.max(0, expected() - received);
    }

    public long received() {
        return received;
    }

    /** Interarrival jitter in RTP clock units. */
    public long jitter() {
        return (long) jitter;
    }

    public double jitterMs() {
        return jitter * 1000.0 / clockRate;
    }

    /** The 8-bit fraction lost since the previous report, and moves the interval on. */
    public int takeFractionLost() {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        return expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
    }

    public boolean started() {
        return started;
    }

    /** LSR: middle 32 bits of the last SR's NTP timestamp, 0 if none. */
    public long lastSr() {
        return lastSrNtpMiddle;
    }

    /** DLSR in 1/65536 s since that SR arrived, 0 if none. */
    public long delaySinceLastSr(long nowNanos) {
        if (lastSrNtpMiddle == 0) return 0;
        return (nowNanos - lastSrArrivalNanos) * 65536 / 1_000_000_000L;
    }
}
