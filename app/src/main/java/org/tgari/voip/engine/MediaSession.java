package org.tgari.voip.engine;

import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.tgari.media.clock.GridTimers;
import org.tgari.media.rtp.RtpPacket;
import org.tgari.media.rtp.RtpSender;
import org.tgari.voip.SetupTimeline;
import org.tgari.voip.dtls.DtlsCertificate;
import org.tgari.voip.dtls.DtlsEndpoint;
import org.tgari.voip.dtls.SrtpKeyingMaterial;
import org.tgari.voip.ice.CandidatePair;
import org.tgari.voip.ice.IceAgent;
import org.tgari.voip.ice.IceCandidate;
import org.tgari.voip.ice.IceState;
import org.tgari.voip.net.ContextThread;
import org.tgari.voip.rtp.Rtcp;
import org.tgari.voip.srtp.SrtpContext;

/**
 * The standard WebRTC media stack of one call, without any signaling: ICE, then DTLS-SRTP from the
 * first writable pair ({@link DtlsLink}), then Opus in RTP with RFC 7983 demultiplexing
 * ({@link DatagramKind}), its header extensions ({@link RtpHeaderExtensions}) and RTCP
 * ({@link RtcpReports}). tgcalls calls drive it from their JSON signaling ({@link CallEngine});
 * interoperability tests drive it from SDP. Runs on one Vert.x context.
 */
public final class MediaSession implements AutoCloseable {

    /** Callbacks on the session's context. */
    public interface Listener {
        void localCandidate(IceCandidate candidate);

        void connected(String path);

        void failed(String reason);
    }

    private static final int MAX_RTP = 1500;
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
    private final Duration connectWithin;
    private long connectDeadlineNanos;
    private final DtlsCertificate certificate;
    private final DtlsLink dtls;
    private final Listener listener;
    private final SetupTimeline timeline;
    private final RandomGenerator random;
    private final RtpPacket rx = new RtpPacket();
    private final byte[] tx = new byte[MAX_RTP];
    private boolean iceConnected;
    /** The first answered check's round trip (ms) once a pair is writable, -1 before. */
    private long writableRttMs = -1;
    private String iceSelected;
    private boolean reportedConnected;
    private String remoteFingerprint;
    private volatile SrtpContext srtpSend;
    private SrtpContext srtpReceive;
    private RtpSender rtpSender;
    private long receiveSsrc = -1;
    private int receivePayloadType = -1;
    private volatile OpusSink sink;
    private boolean closed;
    private volatile long rtpIn, srtpFailures, unknownSsrc, dtlsIn, rtcpIn, droppedBeforeReady;
    private final RtcpReports reports;
    private final long reportSsrc;
    private final GridTimers timers;
    private ScheduledFuture<?> housekeepingTimer;
    private final RtpHeaderExtensions extensions = new RtpHeaderExtensions();
    private int receiveTransportCcId;

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
        this.random = random;
        this.listener = listener;
        this.ice = new IceAgent(vertx, iceConfig, IceAgent.Credentials.random(), new IceEvents(), timeline);
        this.dtls = new DtlsLink(context, certificate, dtlsRole, d -> ice.send(d, 0, d.length), timeline, iceConfig.log(), new DtlsEvents());
        this.connectWithin = iceConfig.failAfter();
        this.reportSsrc = random.nextLong(1, 1L << 32);
        this.reports = new RtcpReports(ice::send);
    }

    public IceAgent.Credentials localCredentials() {
        return ice.localCredentials();
    }

    public String localFingerprint() {
        return certificate.sha256Fingerprint();
    }

    /** Starts ICE; the call has until {@code failAfter} of the ICE config from now to connect, DTLS included. */
    public void start() {
        connectDeadlineNanos = System.nanoTime() + connectWithin.toNanos();
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
            extensions.negotiated(absSendTimeId, transportCcId);
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
                    maybeConnected();
                }
                case IceState.Failed f -> fail("ICE: " + f.reason());
                default -> { }
            }
        }

        @Override
        public void data(byte[] buf, int off, int len) {
            onDatagram(buf, off, len);
        }

        @Override
        public void writable(CandidatePair pair, long rttMs) {
            writableRttMs = rttMs;
            maybeStartDtls();
        }
    }

    /**
     * DTLS starts on the first writable pair, not at the nomination (a round trip or two later), as WebRTC
     * does; its first resend follows that pair's round trip, and it may take until the call's own
     * connect deadline (a fixed 10 s failed about 1 call in 280 at 10 % loss).
     */
    private void maybeStartDtls() {
        if (dtls.started() || !iceConnected && writableRttMs < 0 || remoteFingerprint == null || closed) return;
        dtls.start(remoteFingerprint, connectDeadlineNanos, writableRttMs);
    }

    /** Connected once both DTLS is done and ICE has selected its pair (DTLS may finish on the writable pair first). */
    private void maybeConnected() {
        if (reportedConnected || closed || srtpSend == null || !iceConnected) return;
        reportedConnected = true;
        listener.connected(iceSelected);
    }

    private final class DtlsEvents implements DtlsLink.Events {
        @Override
        public void up(SrtpKeyingMaterial keys) {
            if (closed) return;
            ice.setUpDone();
            srtpReceive = SrtpContext.forReceiving(keys.remoteMasterKey(), keys.remoteMasterSalt());
            srtpSend = SrtpContext.forSending(keys.localMasterKey(), keys.localMasterSalt());
            reports.start(System.nanoTime());
            housekeeping();
            maybeConnected();
        }

        @Override
        public void failed(String reason) {
            fail("DTLS: " + reason);
        }
    }

    /** RFC 7983 demultiplexing of what arrives on the selected ICE pair. */
    private void onDatagram(byte[] buf, int off, int len) {
        DatagramKind kind = DatagramKind.of(buf, off, len);
        if (kind == DatagramKind.DTLS) {
            dtlsIn++;
            dtls.receive(buf, off, len);
            return;
        }
        if (kind == DatagramKind.OTHER || srtpReceive == null) {
            droppedBeforeReady++;
            return;
        }
        if (kind == DatagramKind.RTCP) {
            rtcpIn++;
            int n = srtpReceive.unprotectRtcp(buf, off, len);
            if (n < 0) {
                srtpFailures++;
                return;
            }
            Rtcp.Parsed report = Rtcp.read(buf, off, n);
            if (report == null) srtpFailures++;
            else reports.onReport(report, ourSsrc(), receiveSsrc);
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
        int transportSequence = -1;
        if (receiveTransportCcId != 0) {
            int ext = rx.findExtension(receiveTransportCcId);
            if (ext >= 0 && rx.lastExtensionLength() == 2) transportSequence = ((buf[ext] & 0xFF) << 8) | (buf[ext + 1] & 0xFF);
        }
        reports.received(rx.sequence(), rx.timestamp(), transportSequence, System.nanoTime());
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
        long rtpTimestamp = rtpSender.nextTimestamp();
        long now = System.nanoTime();
        int h = rtpSender.writeHeader(tx, 0, samples48k, false);
        h = extensions.write(tx, h);
        if (h + len + SrtpContext.RTP_TAG_LENGTH > tx.length) return;
        System.arraycopy(buf, off, tx, h, len);
        int n = srtp.protectRtp(tx, 0, h + len);
        if (n < 0) return;
        reports.sent(rtpTimestamp, now, len);
        ice.send(tx, 0, n);
        reports.due(now, srtp, ourSsrc(), receiveSsrc, true);
    }

    private void housekeeping() {
        if (closed) return;
        long now = System.nanoTime();
        SrtpContext srtp = srtpSend;
        if (srtp != null) reports.due(now, srtp, ourSsrc(), receiveSsrc, rtpSender != null && reports.packetsSent() > 0);
        boolean sending = reports.packetsSent() > 0 && now - reports.lastSendNanos() < IDLE_CHECK_MS * 1_000_000;
        // on the media tick's grid: these checks then cost the loop no wake-up of their own
        housekeepingTimer = timers.once(sending ? SENDING_CHECK_MS : IDLE_CHECK_MS, this::housekeeping);
    }

    /** Our SSRC: the stream's once we send, a random one for receiver reports before. */
    private long ourSsrc() {
        return rtpSender == null ? reportSsrc : rtpSender.ssrc();
    }

    public EngineStats stats(long signalingIn, long signalingOut) {
        return new EngineStats(rtpIn, reports.packetsSent(), srtpFailures, unknownSsrc, dtlsIn, rtcpIn, signalingIn, signalingOut,
                droppedBeforeReady + dtls.droppedEarly(), reports.rttMs(), reports.jitterMs(), reports.cumulativeLost(), reports.remoteLossPercent(),
                reports.transportCcIn(), reports.feedbackOut());
    }

    private void fail(String reason) {
        if (closed) return;
        release();
        listener.failed(reason);
    }

    private void release() {
        closed = true;
        if (housekeepingTimer != null) housekeepingTimer.cancel(false);
        dtls.close();
        ice.close();
    }

    @Override
    public void close() {
        context.runOnContext(v -> {
            if (!closed) release();
        });
    }
}
