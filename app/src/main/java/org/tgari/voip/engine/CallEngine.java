package org.tgari.voip.engine;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tgari.media.rtp.RtpPacket;
import org.tgari.media.rtp.RtpSender;
import org.tgari.telegram.VoiceChannel;
import org.tgari.telegram.VoiceStats;
import org.tgari.voip.dtls.DtlsCertificate;
import org.tgari.voip.dtls.DtlsEndpoint;
import org.tgari.voip.dtls.SrtpKeyingMaterial;
import org.tgari.voip.ice.IceAgent;
import org.tgari.voip.ice.IceCandidate;
import org.tgari.voip.ice.IceState;
import org.tgari.voip.signaling.Candidates;
import org.tgari.voip.signaling.Fingerprint;
import org.tgari.voip.signaling.InitialSetup;
import org.tgari.voip.signaling.MediaState;
import org.tgari.voip.signaling.NegotiateChannels;
import org.tgari.voip.signaling.SignalingChannel;
import org.tgari.voip.signaling.SignalingMessage;
import org.tgari.voip.signaling.SignalingStats;
import org.tgari.voip.signaling.SignalingTimers;
import org.tgari.voip.signaling.SignalingVersion;
import org.tgari.voip.srtp.SrtpContext;

/**
 * One Telegram call's media, tgcalls 7.0.0/8.0.0 compatible: encrypted JSON signaling, ICE (host and
 * reflector candidates), DTLS-SRTP and Opus over RTP. It is the {@link VoiceChannel} of a real call: the
 * gateway hands it Opus packets and receives the peer's. Everything runs on one Vert.x context.
 */
public final class CallEngine implements VoiceChannel {

    /** What the engine tells its owner: signaling blobs to relay and state changes. */
    public interface Listener {
        void signaling(byte[] blob);

        void state(EngineState state);
    }

    /** Local choices: the address for host candidates, when to give up, and the DTLS certificate. */
    public record Options(String hostAddress, Duration failAfter, DtlsCertificate certificate) {
        public static Options defaults(DtlsCertificate certificate) {
            return new Options("127.0.0.1", Duration.ofSeconds(20), certificate);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(CallEngine.class);
    private static final int MAX_RTP = 1500;

    private final Vertx vertx;
    private final Context context;
    private final CallParams params;
    private final Options options;
    private final Listener listener;
    private final SecureRandom random = new SecureRandom();
    private final long ourSsrc = random.nextLong(1, 1L << 32);
    private final SignalingStats signalingStats = new SignalingStats();
    private final RtpPacket rx = new RtpPacket();
    private final byte[] tx = new byte[MAX_RTP];

    private SignalingChannel signaling;
    private IceAgent ice;
    private AudioNegotiation negotiation;
    private DtlsEndpoint dtls;
    private boolean sentSetup;
    private boolean iceConnected;
    private String iceSelected;
    private String remoteFingerprint;
    private volatile SrtpContext srtpSend;
    private SrtpContext srtpReceive;
    private RtpSender rtpSender;
    private OpusSink sink;
    private EngineState state = new EngineState.Connecting();
    private boolean closed;
    private volatile long rtpIn, rtpOut, srtpFailures, unknownSsrc, dtlsIn, rtcpIn, droppedBeforeReady;

    public CallEngine(Vertx vertx, CallParams params, Options options, Listener listener) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.params = params;
        this.options = options;
        this.listener = listener;
    }

    /** Starts signaling and ICE; the caller sends InitialSetup and its offer at once. */
    public void begin() {
        context.runOnContext(v -> {
            var version = SignalingVersion.fromWire(params.libraryVersion());
            if (version.isEmpty()) {
                fail("unsupported library version " + params.libraryVersion() + " (supported: 7.0.0, 8.0.0)");
                return;
            }
            params.customParameters().forEach((k, val) -> {
                if ("true".equalsIgnoreCase(val) || "1".equals(val)) log.warn("custom parameter {}={} is not implemented; the call may fail", k, val);
            });
            signaling = SignalingChannel.create(version.get(), params.encryptionKey(), params.isOutgoing(), timers(),
                    listener::signaling, this::onSignaling, signalingStats);
            negotiation = new AudioNegotiation(params.isOutgoing(), ourSsrc, random);
            ice = new IceAgent(vertx, new IceAgent.Config(params.isOutgoing(), params.allowP2p(), params.servers(), options.hostAddress(),
                    options.failAfter(), Duration.ofMillis(20)), IceAgent.Credentials.random(), new IceEvents());
            ice.start();
            listener.state(state);
            if (params.isOutgoing()) {
                sendSetup();
                signaling.send(negotiation.createOffer());
            }
        });
    }

    /** A signaling blob the peer sent (TDLib's updateNewCallSignalingData). */
    public void receiveSignaling(byte[] blob) {
        context.runOnContext(v -> {
            if (!closed && signaling != null) signaling.receive(blob);
        });
    }

    private SignalingTimers timers() {
        return new SignalingTimers() {
            @Override
            public Runnable schedule(long delayMs, Runnable task) {
                long id = vertx.setTimer(Math.max(1, delayMs), t -> task.run());
                return () -> vertx.cancelTimer(id);
            }

            @Override
            public long nowMs() {
                return System.currentTimeMillis();
            }
        };
    }

    private void sendSetup() {
        sentSetup = true;
        var creds = ice.localCredentials();
        signaling.send(new InitialSetup(creds.ufrag(), creds.pwd(), false,
                List.of(new Fingerprint("sha-256", params.isOutgoing() ? "actpass" : "passive", options.certificate().sha256Fingerprint()))));
    }

    private void onSignaling(SignalingMessage m) {
        if (closed) return;
        switch (m) {
            case InitialSetup s -> {
                remoteFingerprint = s.fingerprints().stream().filter(f -> "sha-256".equalsIgnoreCase(f.hash()))
                        .map(Fingerprint::fingerprint).findFirst().orElse(null);
                if (remoteFingerprint == null) {
                    fail("the peer's InitialSetup has no sha-256 fingerprint");
                    return;
                }
                ice.setRemoteCredentials(s.ufrag(), s.pwd());
                if (!sentSetup) sendSetup();
                maybeStartDtls();
            }
            case Candidates c -> {
                for (String sdp : c.sdpStrings()) {
                    if (IceCandidate.parse(sdp) instanceof IceCandidate.Parse.Parsed p) ice.addRemoteCandidate(p.candidate());
                    else log.debug("ignored a candidate we cannot read: {}", sdp);
                }
            }
            case NegotiateChannels n -> {
                for (NegotiateChannels reply : negotiation.onMessage(n).messages()) signaling.send(reply);
                negotiation.sendParams().ifPresent(p -> {
                    if (rtpSender == null) rtpSender = new RtpSender(p.ssrc(), p.payloadType(), random.nextInt(1 << 16), random.nextLong(1L << 32));
                });
            }
            case MediaState s -> log.debug("peer media state: muted={} lowBattery={}", s.muted(), s.lowBattery());
        }
    }

    private final class IceEvents implements IceAgent.Listener {
        @Override
        public void localCandidate(IceCandidate c) {
            if (!closed) signaling.send(new Candidates(List.of(c.toSdpString())));
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
        var role = params.isOutgoing() ? DtlsEndpoint.Role.CLIENT : DtlsEndpoint.Role.SERVER;
        dtls = new DtlsEndpoint(role, options.certificate(), remoteFingerprint, d -> ice.send(d, 0, d.length), new DtlsEvents(),
                Duration.ofSeconds(10));
        dtls.start();
    }

    private final class DtlsEvents implements DtlsEndpoint.Listener {
        @Override
        public void connected(SrtpKeyingMaterial keys) {
            context.runOnContext(v -> {
                if (closed) return;
                srtpReceive = SrtpContext.forReceiving(keys.remoteMasterKey(), keys.remoteMasterSalt());
                srtpSend = SrtpContext.forSending(keys.localMasterKey(), keys.localMasterSalt());
                setState(new EngineState.Connected(iceSelected));
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
            if (dtls != null) dtls.receive(buf, off, len);
            return;
        }
        if (first < 128 || first > 191 || srtpReceive == null || len < 12) {
            droppedBeforeReady++;
            return;
        }
        int pt = buf[off + 1] & 0x7F;
        if (pt >= 64 && pt <= 95) { // RTCP packet types 192-223 with the marker bit folded in
            rtcpIn++;
            int n = srtpReceive.unprotectRtcp(buf, off, len);
            if (n < 0) srtpFailures++;
            return;
        }
        int n = srtpReceive.unprotectRtp(buf, off, len);
        if (n < 0) {
            srtpFailures++;
            return;
        }
        if (!rx.wrap(buf, off, n)) {
            srtpFailures++;
            return;
        }
        var expected = negotiation.receiveParams().orElse(null);
        if (expected == null || rx.ssrc() != expected.ssrc() || rx.payloadType() != expected.payloadType()) {
            unknownSsrc++;
            return;
        }
        rtpIn++;
        OpusSink s = sink;
        if (s != null && rx.payloadLength() > 0) s.opus(rx.sequence(), rx.timestamp(), buf, rx.payloadOffset(), rx.payloadLength());
    }

    @Override
    public void start(OpusSink sink) {
        this.sink = sink;
    }

    @Override
    public void sendOpus(byte[] buf, int off, int len, int samples48k) {
        if (Vertx.currentContext() != context) {
            byte[] copy = Arrays.copyOfRange(buf, off, off + len);
            context.runOnContext(v -> sendOpus(copy, 0, copy.length, samples48k));
            return;
        }
        SrtpContext srtp = srtpSend;
        if (closed || srtp == null || rtpSender == null || 12 + len + SrtpContext.RTP_TAG_LENGTH > tx.length) {
            droppedBeforeReady++;
            return;
        }
        int h = rtpSender.writeHeader(tx, 0, samples48k, false);
        System.arraycopy(buf, off, tx, h, len);
        int n = srtp.protectRtp(tx, 0, h + len);
        if (n < 0) return;
        rtpOut++;
        ice.send(tx, 0, n);
    }

    @Override
    public VoiceStats stats() {
        return new VoiceStats(rtpIn, rtpOut, srtpFailures + unknownSsrc);
    }

    public EngineStats engineStats() {
        return new EngineStats(rtpIn, rtpOut, srtpFailures, unknownSsrc, dtlsIn, rtcpIn, signalingStats.messagesIn(),
                signalingStats.messagesOut(), droppedBeforeReady);
    }

    private void setState(EngineState s) {
        if (state instanceof EngineState.Failed || state instanceof EngineState.Closed) return;
        state = s;
        log.info("call media {}: {}", params.isOutgoing() ? "caller" : "callee", s instanceof EngineState.Connected c
                ? "connected via " + c.path() : s.name().toLowerCase(Locale.ROOT));
        listener.state(s);
    }

    private void fail(String reason) {
        if (closed) return;
        setState(new EngineState.Failed(reason));
        release();
    }

    private void release() {
        closed = true;
        if (dtls != null) dtls.close();
        if (ice != null) ice.close();
        if (signaling != null) signaling.close();
    }

    @Override
    public void close() {
        context.runOnContext(v -> {
            if (state instanceof EngineState.Closed) return;
            boolean wasOpen = !closed;
            release();
            if (wasOpen || !(state instanceof EngineState.Failed)) {
                state = new EngineState.Closed();
                listener.state(state);
            }
        });
    }
}
