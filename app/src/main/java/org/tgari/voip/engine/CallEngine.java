package org.tgari.voip.engine;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Locale;
import org.tgari.voip.SetupTimeline;
import org.tgari.voip.dtls.DtlsCertificate;
import org.tgari.voip.dtls.DtlsEndpoint;
import org.tgari.voip.ice.IceAgent;
import org.tgari.voip.ice.IceCandidate;
import org.tgari.voip.log.CallLogger;
import org.tgari.voip.log.LogContext;
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

/**
 * One Telegram call's media, tgcalls 7.0.0/8.0.0 compatible: encrypted JSON signaling and audio
 * negotiation driving a {@link MediaSession} (ICE with host, reflector and TURN candidates, DTLS-SRTP, Opus
 * over RTP). It is the {@link VoiceChannel} of a real call. Everything runs on one Vert.x context.
 */
public final class CallEngine implements AutoCloseable {

    /** What the engine tells its owner: signaling blobs to relay and state changes. */
    public interface Listener {
        void signaling(byte[] blob);

        void state(EngineState state);
    }

    /**
     * Local choices: the address for host candidates, when to give up, the DTLS certificate, the census
     * that counts this engine while it lives, and how its log lines name the call (its text name, and
     * the key-value pairs every line about it carries; an empty name: "caller" or "callee").
     */
    public record Options(String hostAddress, Duration failAfter, DtlsCertificate certificate, EngineCensus census, LogContext log) {
        /** Counted by a census of its own, which nobody reads. */
        public Options(String hostAddress, Duration failAfter, DtlsCertificate certificate) {
            this(hostAddress, failAfter, certificate, new EngineCensus());
        }

        public Options(String hostAddress, Duration failAfter, DtlsCertificate certificate, EngineCensus census) {
            this(hostAddress, failAfter, certificate, census, LogContext.NONE);
        }

        public Options withCensus(EngineCensus census) {
            return new Options(hostAddress, failAfter, certificate, census, log);
        }

        /** These options for one call, whose log lines {@code log} names. */
        public Options withLog(LogContext log) {
            return new Options(hostAddress, failAfter, certificate, census, log);
        }

        public static Options defaults(DtlsCertificate certificate) {
            return new Options("127.0.0.1", Duration.ofSeconds(20), certificate);
        }
    }

    private final Vertx vertx;
    private final Context context;
    private final String name;
    private final LogContext logContext;
    private final CallLogger log;
    private final CallParams params;
    private final Options options;
    private final Listener listener;
    private final SecureRandom random = new SecureRandom();
    private final long ourSsrc = random.nextLong(1, 1L << 32);
    private final SignalingStats signalingStats = new SignalingStats();
    private final SetupTimeline timeline = new SetupTimeline();

    private SignalingChannel signaling;
    // Blobs that arrived before begin() ran: the peer may start first, and 7.0.0 never resends.
    private final List<byte[]> early = new java.util.ArrayList<>();
    private AudioNegotiation negotiation;
    private MediaSession media;
    private boolean sentSetup;
    private OpusSink sink;
    private final CompletableFuture<Void> mediaUp = new CompletableFuture<>();
    private EngineState state = new EngineState.Connecting();
    private boolean closed;
    private boolean released;

    /** Named in its log lines as {@code options.log()} says. */
    public CallEngine(Vertx vertx, CallParams params, Options options, Listener listener) {
        this(vertx, options.log().name(), params, options, listener);
    }

    /** @param name how the engine's log lines name the call in their text (empty: "caller" or "callee") */
    public CallEngine(Vertx vertx, String name, CallParams params, Options options, Listener listener) {
        this.vertx = vertx;
        this.name = name.isEmpty() ? (params.isOutgoing() ? "caller" : "callee") : name;
        this.logContext = options.log().withName(this.name);
        this.log = CallLogger.of(CallEngine.class, logContext);
        this.context = vertx.getOrCreateContext();
        this.params = params;
        this.options = options;
        this.listener = listener;
        options.census().born();
    }

    /** Starts signaling and ICE; the caller sends InitialSetup and its offer at once. */
    public void begin() {
        context.runOnContext(v -> {
            timeline.begin();
            var version = SignalingVersion.fromWire(params.libraryVersion());
            if (version.isEmpty()) {
                fail("unsupported library version " + params.libraryVersion() + " (supported: 7.0.0, 8.0.0)");
                return;
            }
            params.customParameters().forEach((k, val) -> {
                if ("true".equalsIgnoreCase(val) || "1".equals(val)) log.warn("call {}: custom parameter {}={} is not implemented; the call may fail", name, k, val);
            });
            signaling = SignalingChannel.create(version.get(), params.encryptionKey(), params.isOutgoing(), timers(),
                    blob -> {
                        timeline.mark("signaling out");
                        listener.signaling(blob);
                    }, this::onSignaling, signalingStats);
            negotiation = new AudioNegotiation(params.isOutgoing(), ourSsrc, random);
            // tgcalls: the caller controls ICE and is the DTLS client.
            media = new MediaSession(vertx, new IceAgent.Config(params.isOutgoing(), params.allowP2p(), params.servers(),
                    options.hostAddress(), options.failAfter(), Duration.ofMillis(20), logContext), options.certificate(),
                    params.isOutgoing() ? DtlsEndpoint.Role.CLIENT : DtlsEndpoint.Role.SERVER, random, new MediaEvents(), timeline);
            if (sink != null) media.onOpus(sink);
            media.start();
            listener.state(state);
            if (params.isOutgoing()) {
                sendSetup();
                signaling.send(negotiation.createOffer());
            }
            early.forEach(signaling::receive);
            early.clear();
        });
    }

    /** A signaling blob the peer sent (TDLib's updateNewCallSignalingData). */
    public void receiveSignaling(byte[] blob) {
        context.runOnContext(v -> {
            if (closed) return;
            timeline.mark("signaling in");
            if (signaling != null) signaling.receive(blob);
            else if (early.size() < 256) early.add(blob);
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
        var creds = media.localCredentials();
        signaling.send(new InitialSetup(creds.ufrag(), creds.pwd(), false,
                List.of(new Fingerprint("sha-256", params.isOutgoing() ? "actpass" : "passive", media.localFingerprint()))));
    }

    private void onSignaling(SignalingMessage m) {
        if (closed) return;
        switch (m) {
            case InitialSetup s -> {
                String fingerprint = s.fingerprints().stream().filter(f -> "sha-256".equalsIgnoreCase(f.hash()))
                        .map(Fingerprint::fingerprint).findFirst().orElse(null);
                if (fingerprint == null) {
                    fail("the peer's InitialSetup has no sha-256 fingerprint");
                    return;
                }
                timeline.mark("remote setup");
                media.setRemote(s.ufrag(), s.pwd(), fingerprint);
                if (!sentSetup) sendSetup();
            }
            case Candidates c -> {
                timeline.mark("remote candidates");
                for (String sdp : c.sdpStrings()) {
                    if (IceCandidate.parse(sdp) instanceof IceCandidate.Parse.Parsed p) media.addRemoteCandidate(p.candidate());
                    else log.debug("call {}: ignored a candidate we cannot read: {}", name, sdp);
                }
            }
            case NegotiateChannels n -> {
                for (NegotiateChannels reply : negotiation.onMessage(n).messages()) signaling.send(reply);
                negotiation.sendParams().ifPresent(p -> media.setSend(p.ssrc(), p.payloadType(), p.absSendTimeId(), p.transportCcId()));
                negotiation.receiveParams().ifPresent(p -> media.setReceive(p.ssrc(), p.payloadType(), p.transportCcId()));
            }
            case MediaState s -> log.debug("call {}: peer media state: muted={} lowBattery={}", name, s.muted(), s.lowBattery());
        }
    }

    private final class MediaEvents implements MediaSession.Listener {
        @Override
        public void localCandidate(IceCandidate c) {
            timeline.mark("local candidate");
            if (!closed) signaling.send(new Candidates(List.of(c.toSdpString())));
        }

        @Override
        public void connected(String path) {
            setState(new EngineState.Connected(path));
            mediaUp.complete(null);
        }

        @Override
        public void failed(String reason) {
            fail(reason);
        }
    }

    /** Starts delivering the peer's packets to {@code sink}. */
    public void start(OpusSink sink) {
        this.sink = sink;
        MediaSession m = media;
        if (m != null) m.onOpus(sink);
    }

    /** Sends one Opus packet covering {@code samples48k} samples at the 48 kHz RTP clock. */
    public void sendOpus(byte[] buf, int off, int len, int samples48k) {
        MediaSession m = media;
        if (m != null) m.sendOpus(buf, off, len, samples48k);
    }

    public EngineStats engineStats() {
        MediaSession m = media;
        return m == null ? new EngineStats(0, 0, 0, 0, 0, 0, 0, 0, 0, Double.NaN, 0, 0, 0, 0, 0) : m.stats(signalingStats.messagesIn(), signalingStats.messagesOut());
    }

    private void setState(EngineState s) {
        if (state instanceof EngineState.Failed || state instanceof EngineState.Closed) return;
        state = s;
        if (s instanceof EngineState.Connected || s instanceof EngineState.Failed) {
            timeline.mark(s.name());
            timeline.finish();
            log.info("call {} media: {} (set-up ms: {})", name, s instanceof EngineState.Connected c
                    ? "connected via " + c.path() : s.name(), timeline);
        } else {
            log.info("call {} media: {}", name, s.name().toLowerCase(Locale.ROOT));
        }
        listener.state(s);
    }

    private void fail(String reason) {
        if (closed) return;
        setState(new EngineState.Failed(reason));
        mediaUp.completeExceptionally(new IllegalStateException(reason));
        release();
    }

    /**
     * Completes on the engine's event loop when the call's media path is up (ICE and DTLS-SRTP done),
     * fails when the engine fails or closes first: what a gateway waits for before it answers its caller,
     * so nothing the caller says while the path is built is lost.
     */
    public CompletableFuture<Void> mediaUp() {
        return mediaUp;
    }

    private void release() {
        closed = true;
        if (!released) {
            released = true;
            options.census().released();
        }
        if (media != null) media.close();
        if (signaling != null) signaling.close();
    }

    @Override
    public void close() {
        context.runOnContext(v -> {
            if (state instanceof EngineState.Closed) return;
            boolean wasOpen = !closed;
            mediaUp.completeExceptionally(new IllegalStateException("call media closed"));
            release();
            if (wasOpen || !(state instanceof EngineState.Failed)) {
                state = new EngineState.Closed();
                listener.state(state);
            }
        });
    }
}
