package org.tgari.voip.engine;

import org.tgari.voip.rtp.ReceiveStatistics;
import org.tgari.voip.rtp.Rtcp;
import org.tgari.voip.rtp.TransportCcFeedback;
import org.tgari.voip.srtp.SrtpContext;

/**
 * The RTCP side of one media session: what our sender reports need (packets and octets sent, the last
 * RTP timestamp), the statistics of the peer's stream, our SR or RR every second and transport-cc
 * feedback every 200 ms when due, and from the peer's reports the round trip and its loss. Confined to
 * the session's context; the figures read by {@link MediaSession#stats} are volatile.
 */
final class RtcpReports {

    /** Where protected RTCP goes: the ICE pair. */
    interface Out {
        void send(byte[] buf, int off, int len);
    }

    private static final long REPORT_INTERVAL_NANOS = 1_000_000_000L;
    /**
     * Transport-cc feedback pace. Telegram's WebRTC lets these reports take 5 % of the bitrate, between
     * 50 and 250 ms apart (RemoteEstimatorProxy): for one Opus stream of at most 32 kbit/s plus its headers
     * that is about 200 ms. (At 100 ms they were a fifth of all the packets a call sent.)
     */
    private static final long FEEDBACK_INTERVAL_NANOS = 200_000_000L;

    private final Out out;
    private final ReceiveStatistics receiveStats = new ReceiveStatistics(48000);
    private final TransportCcFeedback feedback = new TransportCcFeedback();
    private final byte[] reportBuffer = new byte[256];
    private final byte[] feedbackBuffer = new byte[8192];
    private long nextReportNanos, nextFeedbackNanos;
    private long octetsSent, lastRtpTimestamp, lastSendNanos;
    private volatile long packetsSent, transportCcIn, feedbackOut;
    private volatile double rttMs = Double.NaN;
    private volatile int remoteFractionLost;

    RtcpReports(Out out) {
        this.out = out;
    }

    /** SRTP is up at {@code now}: the first report and feedback are due an interval later. */
    void start(long now) {
        nextReportNanos = now + REPORT_INTERVAL_NANOS;
        nextFeedbackNanos = now + FEEDBACK_INTERVAL_NANOS;
    }

    /** One RTP packet of ours went out. */
    void sent(long rtpTimestamp, long nowNanos, int payloadBytes) {
        lastRtpTimestamp = rtpTimestamp;
        lastSendNanos = nowNanos;
        octetsSent += payloadBytes;
        packetsSent++;
    }

    /** One RTP packet of the peer's stream arrived; {@code transportSequence} is its transport-wide number, -1 if none. */
    void received(int sequence, long rtpTimestamp, int transportSequence, long nowNanos) {
        if (transportSequence >= 0) {
            transportCcIn++;
            feedback.onPacket(transportSequence, nowNanos / 1000);
        }
        receiveStats.onPacket(sequence, rtpTimestamp, nowNanos);
    }

    /** A report from the peer: its SR's time for our next report block, its block about our stream for RTT and loss. */
    void onReport(Rtcp.Parsed report, long ourSsrc, long theirSsrc) {
        long now = System.nanoTime();
        if (report.senderReport() && (theirSsrc < 0 || report.senderSsrc() == theirSsrc)) receiveStats.onSenderReport(report.ntpTimestamp(), now);
        for (Rtcp.ReportBlock b : report.blocks()) {
            if (b.ssrc() != ourSsrc) continue;
            double rtt = Rtcp.roundTripMs(b, Rtcp.ntpNow());
            if (!Double.isNaN(rtt)) rttMs = rtt;
            remoteFractionLost = b.fractionLost();
        }
    }

    /** Sends the feedback and the report that are due at {@code now}; {@code sending}: our SR rather than an RR. */
    void due(long now, SrtpContext srtp, long ourSsrc, long theirSsrc, boolean sending) {
        if (now - nextFeedbackNanos >= 0) {
            nextFeedbackNanos = now + FEEDBACK_INTERVAL_NANOS;
            sendFeedback(srtp, ourSsrc, theirSsrc);
        }
        if (now - nextReportNanos >= 0) {
            nextReportNanos = now + REPORT_INTERVAL_NANOS;
            sendReport(now, srtp, ourSsrc, theirSsrc, sending);
        }
    }

    long lastSendNanos() {
        return lastSendNanos;
    }

    long packetsSent() {
        return packetsSent;
    }

    long transportCcIn() {
        return transportCcIn;
    }

    long feedbackOut() {
        return feedbackOut;
    }

    double rttMs() {
        return rttMs;
    }

    double remoteLossPercent() {
        return remoteFractionLost * 100.0 / 256;
    }

    double jitterMs() {
        return receiveStats.jitterMs();
    }

    long cumulativeLost() {
        return receiveStats.cumulativeLost();
    }

    /** Our SR (or RR before we send) with a report block about the peer's stream. */
    private void sendReport(long now, SrtpContext srtp, long ourSsrc, long theirSsrc, boolean sending) {
        long rtpNow = sending ? (lastRtpTimestamp + (now - lastSendNanos) * 48 / 1_000_000) & 0xFFFFFFFFL : 0;
        Rtcp.ReportBlock block = receiveStats.started() ? new Rtcp.ReportBlock(theirSsrc < 0 ? 0 : theirSsrc,
                receiveStats.takeFractionLost(), receiveStats.cumulativeLost(), receiveStats.extendedHighestSequence() & 0xFFFFFFFFL,
                receiveStats.jitter(), receiveStats.lastSr(), receiveStats.delaySinceLastSr(now)) : null;
        int n = Rtcp.writeReport(reportBuffer, 0, ourSsrc, sending, Rtcp.ntpNow(), rtpNow, packetsSent, octetsSent, block, "tgari");
        int protectedLen = srtp.protectRtcp(reportBuffer, 0, n);
        if (protectedLen > 0) out.send(reportBuffer, 0, protectedLen);
    }

    /** Transport-cc feedback about the packets received in the last interval, when the peer asked for it. */
    private void sendFeedback(SrtpContext srtp, long ourSsrc, long theirSsrc) {
        if (!feedback.hasPending() || feedback.maxLength() + SrtpContext.RTCP_TRAILER_LENGTH > feedbackBuffer.length) return;
        int n = feedback.write(feedbackBuffer, 0, ourSsrc, theirSsrc < 0 ? 0 : theirSsrc);
        int protectedLen = srtp.protectRtcp(feedbackBuffer, 0, n);
        if (protectedLen > 0) {
            feedbackOut++;
            out.send(feedbackBuffer, 0, protectedLen);
        }
    }
}
