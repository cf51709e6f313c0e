package org.tgari.voip.engine;

import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.tgari.media.clock.GridTimers;
import org.tgari.media.rtp.RtpPacket;
import org.tgari.media.rtp.RtpSender;
import org.tgari.voip.SetupTimeline;
import org.tgari.voip.dtls.DtlsCertificate;
import org.tgari.voip.dtls.DtlsEndpoint;
import org.tgari.voip.dtls.SrtpKeyingMaterial;
import org.tgari.voip.ice.IceAgent;
import org.tgari.voip.ice.IceCandidate;
import org.tgari.voip.ice.IceState;
import org.tgari.voip.net.ContextThread;
import org.tgari.voip.rtp.ReceiveStatistics;
import org.tgari.voip.rtp.Rtcp;
import org.tgari.voip.rtp.TransportCcFeedback;
import org.tgari.voip.srtp.SrtpContext;

/**
 * The standard WebRTC media stack of one call, without any signaling: ICE, then DTLS-SRTP on the
 * selected pair, then Opus in RTP with RFC 7983 demultiplexing. tgcalls calls drive it from their JSON
 * signaling ({@link CallEngine}); interoperability tests drive it from SDP. Runs on one Vert.x context.
 */
public final class MediaSession implements AutoCloseable {

    /** Callbacks on the session's context. */
    public interface Listener {
        void localCandidate(IceCandidate candidate);

        void connected(String path);

        void failed(String reason);
    }

    private static final int MAX_RTP = 1500;
    /** DTLS records kept until our endpoint starts: a whole first flight, with room to spare. */
    private static final int MAX_EARLY_DTLS = 16;
    private static final long RTCP_INTERVAL_NANOS = 1_000_000_000L;
    /**
     * Transport-cc feedback pace. Telegram's WebRTC lets these reports take 5 % of the bitrate, between
     * 50 and 250 ms apart (RemoteEstimatorProxy): for one Opus stream of at most 32 kbit/s plus its headers
     * that is about 200 ms. (At 100 ms they were a fifth of all the packets a call sent.)
     */
    private static final long FEEDBACK_INTERVAL_NANOS = 200_000_000L;
    /**
     * RTCP reports and transport-cc feedback ride on the media the session sends (checked per packet, no
     * wake-up of their own); a timer covers a session that is not sending, when feedback comes every
     * 250 ms, the longest interval WebRTC's send-side estimator expects. While media flows the timer only
     * has to notice that it stopped, so it looks once a second.
     */
    private static final long IDLE_CHECK_MS = 250;
    private static final long SENDING_CHECK_MS = 1000;

    private final Vertx vertx;
    private final Context context;
    private final ContextThread onContextThread;
    private final IceAgent ice;
    private final DtlsCertificate certificate;
    private final DtlsEndpoint.Role dtlsRole;
    private final Listener listener;
    private final SetupTimeline timeline;
    private final RandomGenerator random;
    private final RtpPacket rx = new RtpPacket();
    private final byte[] tx = new byte[MAX_RTP];
    private DtlsEndpoint dtls;
    private final List<byte[]> earlyDtls = new ArrayList<>();
    private boolean iceConnected;
    private String iceSelected;
    private String remoteFingerprint;
    private volatile SrtpContext srtpSend;
    private SrtpContext srtpReceive;
    private RtpSender rtpSender;
    private long receiveSsrc = -1;
    private int receivePayloadType = -1;
    private volatile OpusSink sink;
    private boolean closed;
    private volatile long rtpIn, rtpOut, srtpFailures, unknownSsrc, dtlsIn, rtcpIn, droppedBeforeReady;
    private final ReceiveStatistics receiveStats = new ReceiveStatistics(48000);
    private final byte[] rtcpOut = new byte[256];
    private final long reportSsrc;
    private long octetsOut, lastRtpTimestamp, lastSendNanos;
    private final GridTimers timers;
    private ScheduledFuture<?> housekeepingTimer;
    private long nextReportNanos, nextFeedbackNanos;
    private int absSendTimeId, transportCcId, transportSequence, receiveTransportCcId;
    private volatile long transportCcIn, feedbackOut;
    private final TransportCcFeedback feedback = new TransportCcFeedback();
    private final byte[] feedbackBuffer = new byte[8192];
    private volatile double rttMs = Double.NaN;
    private volatile int remoteFractionLost;

    /** Create on the context the session should run on. */
    public MediaSession(Vertx vertx, IceAgent.Config iceConfig, DtlsCertificate certificate, DtlsEndpoint.Role dtlsRole,
                        RandomGenerator random, Listener listener) {
        this(vertx, iceConfig, certificate, dtlsRole, random, listener, SetupTimeline.none());
    }

    /** Create on the context the session should run on; {@code timeline} gets the ICE and DTLS steps. */
    public MediaSession(Vertx vertx, IceAgent.Config iceConfig, DtlsCertificate certificate, DtlsEndpoint.Role dtlsRole,
                        RandomGenerator random, Listener listener, SetupTimeline timeline) {
        this.vertx = vertx;
        this.timeline = timeline;
        this.context = vertx.getOrCreateContext();
        this.timers = new GridTimers(context);
        this.onContextThread = new ContextThread(context);
        this.certificate = certificate;
        this.dtlsRole = dtlsRole;
        this.random = random;
        this.listener = listener;
        this.ice = new IceAgent(vertx, iceConfig, IceAgent.Credentials.random(), new IceEvents(), timeline);
        this.reportSsrc = random.nextLong(1, 1L << 32);
    }

    public IceAgent.Credentials localCredentials() {
        return ice.localCredentials();
    }

    public String localFingerprint() {
        return certificate.sha256Fingerprint();
    }

    public void start() {
        ice.start();
    }

    /** The peer's ICE credentials and DTLS certificate fingerprint (sha-256). */
    public void setRemote(String ufrag, String pwd, String sha256Fingerprint) {
        context.runOnContext(v -> {
            remoteFingerprint = sha256Fingerprint;
            ice.setRemoteCredentials(ufrag, pwd);
            maybeStartDtls();
        });
    }

    public void addRemoteCandidate(IceCandidate c) {
        ice.addRemoteCandidate(c);
    }

    /** How to send: our SSRC and the payload type the peer accepted. */
    public void setSend(long ssrc, int payloadType) {
        setSend(ssrc, payloadType, 0, 0);
    }

    /** How to send, with the header extension ids the peer accepted (0 = not negotiated). */
    public void setSend(long ssrc, int payloadType, int absSendTimeId, int transportCcId) {
        context.runOnContext(v -> {
            if (rtpSender == null) rtpSender = new RtpSender(ssrc, payloadType, random.nextInt(1 << 16), random.nextLong(1L << 32));
            this.absSendTimeId = absSendTimeId;
            this.transportCcId = transportCcId;
        });
    }

    /** What to accept: the peer's SSRC (-1: any) and payload type. */
    public void setReceive(long ssrc, int payloadType) {
        setReceive(ssrc, payloadType, 0);
    }

    /** What to accept, and the id of the transport-wide sequence extension the peer sends (0 = none). */
    public void setReceive(long ssrc, int payloadType, int transportCcId) {
        context.runOnContext(v -> {
            receiveSsrc = ssrc;
            receivePayloadType = payloadType;
            receiveTransportCcId = transportCcId;
        });
    }

    public void onOpus(OpusSink sink) {
        this.sink = sink;
    }

    private final class IceEvents implements IceAgent.Listener {
        @Override
        public void localCandidate(IceCandidate c) {
            if (!closed) listener.localCandidate(c);
        }

        @Override
        public void state(IceState s) {
            switch (s) {
                case IceState.Connected c -> {
                    iceConnected = true;
                    iceSelected = c.selectedPair();
                    maybeStartDtls();
                }
                case IceState.Failed f -> fail("ICE: " + f.reason());
                default -> { }
            }
        }

        @Override
        public void data(byte[] buf, int off, int len) {
            onDatagram(buf, off, len);
        }
    }

    private void maybeStartDtls() {
        if (dtls != null || !iceConnected || remoteFingerprint == null || closed) return;
        dtls = new DtlsEndpoint(dtlsRole, certificate, remoteFingerprint, d -> {
            if (srtpSend == null) timeline.mark("dtls out");
            ice.send(d, 0, d.length);
        }, new DtlsEvents(), Duration.ofSeconds(10));
        timeline.mark("dtls start");
        dtls.start();
        for (byte[] record : earlyDtls) dtls.receive(record, 0, record.length);
        earlyDtls.clear();
    }

    private final class DtlsEvents implements DtlsEndpoint.Listener {
        @Override
        public void connected(SrtpKeyingMaterial keys) {
            context.runOnContext(v -> {
                if (closed) return;
                timeline.mark("dtls done");
                ice.setUpDone();
                srtpReceive = SrtpContext.forReceiving(keys.remoteMasterKey(), keys.remoteMasterSalt());
                srtpSend = SrtpContext.forSending(keys.localMasterKey(), keys.localMasterSalt());
                long now = System.nanoTime();
                nextReportNanos = now + RTCP_INTERVAL_NANOS;
                nextFeedbackNanos = now + FEEDBACK_INTERVAL_NANOS;
                housekeeping();
                listener.connected(iceSelected);
            });
        }

        @Override
        public void failed(String reason) {
            context.runOnContext(v -> fail("DTLS: " + reason));
        }

        @Override
        public void applicationData(byte[] data, int off, int len) {
            // SCTP (the MediaState data channel) is not implemented yet; its packets are dropped.
        }
    }

    /** RFC 7983 demultiplexing of what arrives on the selected ICE pair. */
    private void onDatagram(byte[] buf, int off, int len) {
        int first = buf[off] & 0xFF;
        if (first >= 20 && first <= 63) {
            dtlsIn++;
            if (srtpReceive == null) timeline.mark("dtls in");
            if (dtls != null) {
                dtls.receive(buf, off, len);
            } else if (earlyDtls.size() < MAX_EARLY_DTLS) {
                // The peer's first flight can beat our own ICE nomination or its fingerprint; dropping it
                // would cost a whole DTLS retransmission timeout (a second) before the call has audio.
                earlyDtls.add(Arrays.copyOfRange(buf, off, off + len));
            } else {
                droppedBeforeReady++;
            }
            return;
        }
        if (first < 128 || first > 191 || srtpReceive == null || len < 12) {
            droppedBeforeReady++;
            return;
        }
        int pt = buf[off + 1] & 0x7F;
        if (pt >= 64 && pt <= 95) { // RTCP packet types 192-223, seen through the marker bit
            rtcpIn++;
            int n = srtpReceive.unprotectRtcp(buf, off, len);
            if (n < 0) {
                srtpFailures++;
                return;
            }
            onRtcp(Rtcp.read(buf, off, n));
            return;
        }
        int n = srtpReceive.unprotectRtp(buf, off, len);
        if (n < 0 || !rx.wrap(buf, off, n)) {
            srtpFailures++;
            return;
        }
        if (receivePayloadType < 0 || receiveSsrc >= 0 && rx.ssrc() != receiveSsrc || rx.payloadType() != receivePayloadType) {
            unknownSsrc++;
            return;
        }
        rtpIn++;
        if (receiveTransportCcId != 0) {
            int ext = rx.findExtension(receiveTransportCcId);
            if (ext >= 0 && rx.lastExtensionLength() == 2) {
                transportCcIn++;
                feedback.onPacket(((buf[ext] & 0xFF) << 8) | (buf[ext + 1] & 0xFF), System.nanoTime() / 1000);
            }
        }
        receiveStats.onPacket(rx.sequence(), rx.timestamp(), System.nanoTime());
        OpusSink s = sink;
        if (s != null && rx.payloadLength() > 0) s.opus(rx.sequence(), rx.timestamp(), buf, rx.payloadOffset(), rx.payloadLength());
    }

    /** Sends one Opus packet; from another thread it is copied onto the session's context. */
    public void sendOpus(byte[] buf, int off, int len, int samples48k) {
        if (!onContextThread.isCurrent()) {
            byte[] copy = Arrays.copyOfRange(buf, off, off + len);
            context.runOnContext(v -> sendOpus(copy, 0, copy.length, samples48k));
            return;
        }
        SrtpContext srtp = srtpSend;
        if (closed || srtp == null || rtpSender == null || 12 + len + SrtpContext.RTP_TAG_LENGTH > tx.length) {
            droppedBeforeReady++;
            return;
        }
        lastRtpTimestamp = rtpSender.nextTimestamp();
        lastSendNanos = System.nanoTime();
        octetsOut += len;
        int h = rtpSender.writeHeader(tx, 0, samples48k, false);
        h = writeExtensions(tx, h);
        if (h + len + SrtpContext.RTP_TAG_LENGTH > tx.length) return;
        System.arraycopy(buf, off, tx, h, len);
        int n = srtp.protectRtp(tx, 0, h + len);
        if (n < 0) return;
        rtpOut++;
        ice.send(tx, 0, n);
        rtcpDue(lastSendNanos);
    }

    private void housekeeping() {
        if (closed) return;
        long now = System.nanoTime();
        rtcpDue(now);
        boolean sending = rtpOut > 0 && now - lastSendNanos < IDLE_CHECK_MS * 1_000_000;
        // on the media tick's grid: these checks then cost the loop no wake-up of their own
        housekeepingTimer = timers.once(sending ? SENDING_CHECK_MS : IDLE_CHECK_MS, this::housekeeping);
    }

    /** Sends the feedback and the report that are due at {@code now}. */
    private void rtcpDue(long now) {
        if (now - nextFeedbackNanos >= 0) {
            nextFeedbackNanos = now + FEEDBACK_INTERVAL_NANOS;
            sendFeedback();
        }
        if (now - nextReportNanos >= 0) {
            nextReportNanos = now + RTCP_INTERVAL_NANOS;
            sendReport();
        }
    }

    /**
     * Appends the negotiated one-byte header extensions (RFC 8285): abs-send-time (24-bit 6.18 fixed-point
     * seconds) and the transport-wide sequence number; returns the new header length.
     */
    private int writeExtensions(byte[] out, int h) {
        if (absSendTimeId == 0 && transportCcId == 0) return h;
        out[0] |= 0x10; // X bit
        int start = h;
        out[h] = (byte) 0xBE;
        out[h + 1] = (byte) 0xDE;
        int p = h + 4;
        if (absSendTimeId != 0) {
            long ntp = Rtcp.ntpNow();
            long v = ((ntp >>> 14) & 0xFFFFFF); // 6 bits of seconds, 18 of fraction
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

    private void onRtcp(Rtcp.Parsed report) {
        if (report == null) {
            srtpFailures++;
            return;
        }
        long now = System.nanoTime();
        if (report.senderReport() && (receiveSsrc < 0 || report.senderSsrc() == receiveSsrc)) receiveStats.onSenderReport(report.ntpTimestamp(), now);
        long ours = rtpSender == null ? reportSsrc : rtpSender.ssrc();
        for (Rtcp.ReportBlock b : report.blocks()) {
            if (b.ssrc() != ours) continue;
            double rtt = Rtcp.roundTripMs(b, Rtcp.ntpNow());
            if (!Double.isNaN(rtt)) rttMs = rtt;
            remoteFractionLost = b.fractionLost();
        }
    }

    /** Our SR (or RR before we send) with a report block about the peer's stream, every second. */
    private void sendReport() {
        SrtpContext srtp = srtpSend;
        if (closed || srtp == null) return;
        boolean sending = rtpSender != null && rtpOut > 0;
        long ssrc = rtpSender == null ? reportSsrc : rtpSender.ssrc();
        long now = System.nanoTime();
        long rtpNow = sending ? (lastRtpTimestamp + (now - lastSendNanos) * 48 / 1_000_000) & 0xFFFFFFFFL : 0;
        Rtcp.ReportBlock block = receiveStats.started() ? new Rtcp.ReportBlock(receiveSsrc < 0 ? 0 : receiveSsrc,
                receiveStats.takeFractionLost(), receiveStats.cumulativeLost(), receiveStats.extendedHighestSequence() & 0xFFFFFFFFL,
                receiveStats.jitter(), receiveStats.lastSr(), receiveStats.delaySinceLastSr(now)) : null;
        int n = Rtcp.writeReport(rtcpOut, 0, ssrc, sending, Rtcp.ntpNow(), rtpNow, rtpOut, octetsOut, block, "tgari");
        int protectedLen = srtp.protectRtcp(rtcpOut, 0, n);
        if (protectedLen > 0) ice.send(rtcpOut, 0, protectedLen);
    }

    /** Transport-cc feedback about the packets received in the last interval, when the peer asked for it. */
    private void sendFeedback() {
        SrtpContext srtp = srtpSend;
        if (closed || srtp == null || !feedback.hasPending() || feedback.maxLength() + SrtpContext.RTCP_TRAILER_LENGTH > feedbackBuffer.length) return;
        long ours = rtpSender == null ? reportSsrc : rtpSender.ssrc();
        int n = feedback.write(feedbackBuffer, 0, ours, receiveSsrc < 0 ? 0 : receiveSsrc);
        int protectedLen = srtp.protectRtcp(feedbackBuffer, 0, n);
        if (protectedLen > 0) {
            feedbackOut++;
            ice.send(feedbackBuffer, 0, protectedLen);
        }
    }

    public EngineStats stats(long signalingIn, long signalingOut) {
        return new EngineStats(rtpIn, rtpOut, srtpFailures, unknownSsrc, dtlsIn, rtcpIn, signalingIn, signalingOut, droppedBeforeReady,
                rttMs, receiveStats.jitterMs(), receiveStats.cumulativeLost(), remoteFractionLost * 100.0 / 256, transportCcIn, feedbackOut);
    }

    private void fail(String reason) {
        if (closed) return;
        release();
        listener.failed(reason);
    }

    private void release() {
        closed = true;
        if (housekeepingTimer != null) housekeepingTimer.cancel(false);
        if (dtls != null) dtls.close();
        ice.close();
    }

    @Override
    public void close() {
        context.runOnContext(v -> {
            if (!closed) release();
        });
    }
}
