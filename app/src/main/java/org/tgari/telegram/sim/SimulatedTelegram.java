package org.tgari.telegram.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tgari.logging.CallLog;
import org.tgari.routing.CallOutcome;
import org.tgari.routing.Target;
import org.tgari.telegram.CallListener;
import org.tgari.telegram.EngineVoice;
import org.tgari.telegram.InboundHandler;
import org.tgari.telegram.IncomingCall;
import org.tgari.telegram.LineState;
import org.tgari.telegram.Lookup;
import org.tgari.telegram.OutgoingCall;
import org.tgari.telegram.TelegramFailure;
import org.tgari.telegram.TelegramLine;
import org.tgari.telegram.TelegramUser;
import org.tgari.voip.dtls.DtlsCertificate;
import org.tgari.voip.engine.CallEngine;
import org.tgari.voip.engine.CallParams;
import org.tgari.voip.engine.EngineCensus;
import org.tgari.voip.engine.EngineState;
import org.tgari.voip.ice.CallServer;
import org.tgari.voip.log.LogContext;

/**
 * A Telegram network inside the process for the demo and the tests: the users of {@link SimDirectory},
 * reached through the same {@link TelegramLine} port as real lines. Answered calls run the real tgcalls
 * 8.0.0 media engine on both sides, relay-only through a {@link ReflectorSimulator}, with signaling
 * relayed as Telegram's servers relay it. Its users can also call the line ({@link #ringLine}) and
 * write to it ({@link #deliverText}); what the line sends them is kept in {@link #inboxes}. {@code @echo}
 * answers every text message with the same text, except while it is in a call with the line: a call's
 * DTMF goes to the user as chat and the user's keypad chat back into the call as DTMF, so an echo then
 * would feed the call its own digits (and a SIP side that echoes DTMF, e.g. Asterisk's Echo(), back again).
 * With an external far end configured, {@code @tgcalls} answers with that program (Telegram's own
 * tgcalls library, built by tgcalls-peer) instead of our engine.
 */
public final class SimulatedTelegram implements TelegramLine {

    private static final Logger log = LoggerFactory.getLogger(SimulatedTelegram.class);
    private static final Duration INCOMING_RING_LIMIT = Duration.ofSeconds(60);

    /**
     * How the network behaves: how long users ring, the address its reflector listens on and announces
     * (loopback unless a far end runs in another network namespace), the command of an external far
     * end for {@code @tgcalls} (empty: none), what the reflector's path does to packets, and the census
     * that counts the gateway side's call engines.
     */
    public record Options(Duration ringDelay, String reflectorHost, List<String> externalPeer, PathImpairment path, EngineCensus engines) {
        public Options {
            externalPeer = List.copyOf(externalPeer);
        }

        public static Options ringing(Duration ringDelay) {
            return new Options(ringDelay, "127.0.0.1", List.of(), PathImpairment.NONE, new EngineCensus());
        }
    }

    /**
     * The reflector's path: it drops {@code lossPercent} of the packets it forwards and holds each for
     * {@code delay} ± {@code jitter}, drawn from {@code seed} (empty: a new one each start).
     */
    public record PathImpairment(int lossPercent, Duration delay, Duration jitter, OptionalLong seed) {
        public static final PathImpairment NONE = new PathImpairment(0, Duration.ZERO, Duration.ZERO, OptionalLong.empty());
    }

    private final Vertx vertx;
    private final Duration ringDelay;
    private final List<String> externalPeer;
    private final String reflectorHost;
    private final SimDirectory directory;
    private final EngineCensus engines;
    private final AtomicInteger callNumbers = new AtomicInteger();
    private final AtomicInteger activeCalls = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();
    private final ReflectorSimulator reflector;
    /**
     * The reflector's own event loop: it stands for Telegram's servers, which the gateway's work does not
     * slow down. On one of the gateway's loops it paused with whatever else ran there (ARI events, the
     * admin API; 0.5 s near the end of EchoCallIT's first call, 3.7 s once under load), and both
     * directions of every call stopped with it. It closes with this network, or with the gateway's Vert.x
     * if that closes first (not every owner closes its line).
     */
    private final Vertx network = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
    private final DtlsCertificate gatewayCertificate = DtlsCertificate.generateEcdsaP256();
    private final DtlsCertificate peerCertificate = DtlsCertificate.generateEcdsaP256();
    private volatile int reflectorPort = -1;
    private volatile boolean closed;
    private volatile InboundHandler inbound = InboundHandler.DECLINE_ALL;
    private final SimInboxes inboxes = new SimInboxes();
    // one context for all echoed texts, so they arrive in the order they were sent
    private final io.vertx.core.Context echoes;
    // simulated user id → 20 ms frames above -40 dBFS they heard in calls with the line (an @echo user's)
    private final java.util.concurrent.ConcurrentHashMap<Long, java.util.concurrent.atomic.LongAdder> loudFramesHeard =
            new java.util.concurrent.ConcurrentHashMap<>();
    // simulated user id → their calls with the line not yet released
    private final java.util.concurrent.ConcurrentHashMap<Long, Integer> inCall = new java.util.concurrent.ConcurrentHashMap<>();

    public SimulatedTelegram(Vertx vertx, Duration ringDelay) {
        this(vertx, Options.ringing(ringDelay));
    }

    public SimulatedTelegram(Vertx vertx, Options options) {
        this.vertx = vertx;
        this.ringDelay = options.ringDelay();
        this.externalPeer = options.externalPeer();
        this.reflectorHost = options.reflectorHost();
        this.directory = new SimDirectory(!externalPeer.isEmpty());
        this.engines = options.engines();
        this.echoes = vertx.getOrCreateContext();
        PathImpairment path = options.path();
        this.reflector = new ReflectorSimulator(network, reflectorHost, path.seed().orElseGet(random::nextLong));
        reflector.setLoss(path.lossPercent() / 100.0);
        reflector.setDelay((int) path.delay().toMillis(), (int) path.jitter().toMillis());
        ((io.vertx.core.internal.VertxInternal) vertx).addCloseHook(completion -> closeNetwork().onComplete(ar -> completion.succeed()));
    }

    /** Starts the simulated reflector the calls relay through. */
    public Future<Void> start() {
        return reflector.start(0).map(port -> {
            reflectorPort = port;
            return null;
        });
    }

    /** The port the simulated reflector listens on; -1 before {@link #start()} completed. */
    int reflectorPort() {
        return reflectorPort;
    }

    public ReflectorSimulator reflector() {
        return reflector;
    }

    @Override
    public String name() {
        return "simulated";
    }

    @Override
    public LineState state() {
        if (closed) return LineState.notReady("simulated network stopped");
        return reflectorPort < 0 ? LineState.notReady("simulated reflector not started") : LineState.readyState();
    }

    public SimDirectory directory() {
        return directory;
    }

    /** The texts the line sent to each simulated user. */
    public SimInboxes inboxes() {
        return inboxes;
    }

    /** Whether the simulated user is in a call with the line (ringing or connected). */
    public boolean inCall(long userId) {
        return inCall.containsKey(userId);
    }

    /**
     * How many 20 ms frames above -40 dBFS the simulated user heard in their calls with the line, all calls
     * together: what shows that a prompt reached a caller. Counted by users that listen ({@code @echo}).
     */
    public long loudFramesHeard(long userId) {
        var heard = loudFramesHeard.get(userId);
        return heard == null ? 0 : heard.sum();
    }

    /** Calls whose far end still exists (ringing or connected); zero when every call was released. */
    public int activeCalls() {
        return activeCalls.get();
    }

    @Override
    public CompletableFuture<Lookup> lookup(Target target) {
        LineState s = state();
        if (!s.ready()) return CompletableFuture.completedFuture(new Lookup.Failed(CallOutcome.TELEGRAM_UNAVAILABLE, s.reason()));
        return CompletableFuture.completedFuture(directory.find(target)
                .<Lookup>map(u -> new Lookup.Found(new TelegramUser(u.id(), "@" + u.username())))
                .orElseGet(() -> new Lookup.Failed(CallOutcome.NOT_FOUND, "no user " + target + " on the simulated network")));
    }

    @Override
    public OutgoingCall call(TelegramUser user, CallListener listener) {
        LineState s = state();
        if (!s.ready()) {
            listener.ended(CallOutcome.TELEGRAM_UNAVAILABLE, s.reason());
            return () -> { };
        }
        SimUser simUser = directory.byId(user.id()).orElse(null);
        var call = new SimCall(listener, true, user.id());
        activeCalls.incrementAndGet();
        if (simUser == null) {
            vertx.runOnContext(v -> call.finish(CallOutcome.NOT_FOUND, "user id " + user.id() + " does not exist"));
            return call;
        }
        listener.ringing();
        long ringsFor = simUser.behaviour() == SimUser.Behaviour.DECLINE ? simUser.afterMs() : ringDelay.toMillis();
        call.ringTimer = vertx.setTimer(Math.max(1, ringsFor), t -> call.answer(simUser));
        return call;
    }

    @Override
    public void setInboundHandler(InboundHandler handler) {
        inbound = handler;
    }

    @Override
    public CompletableFuture<Void> sendText(TelegramUser to, String text) {
        if (closed) return CompletableFuture.failedFuture(new TelegramFailure("simulated network stopped"));
        SimUser user = directory.byId(to.id()).orElse(null);
        if (user == null) return CompletableFuture.failedFuture(new TelegramFailure("no user id " + to.id() + " on the simulated network"));
        TelegramFailure refused = TelegramLine.unsendable(text);
        if (refused != null) return CompletableFuture.failedFuture(refused);
        inboxes.add(user.id(), text);
        if (user.behaviour() == SimUser.Behaviour.ECHO && !inCall(user.id())) echoes.runOnContext(v -> deliverText(user.id(), text));
        return CompletableFuture.completedFuture(null);
    }

    /** A simulated user writes to the line. */
    public void deliverText(long fromUserId, String text) {
        SimUser user = directory.byId(fromUserId).orElseThrow(() -> new IllegalArgumentException("no simulated user " + fromUserId));
        inbound.textMessage(asTelegramUser(user), text);
    }

    /**
     * A simulated user calls the line: the inbound handler is offered the call; once answered, the user
     * behaves as when called ({@code @echo} echoes, {@code @tone} plays its tone). The handle hangs up
     * from the user's side and tells how the call ended for the user.
     */
    public LineCaller ringLine(long fromUserId) {
        SimUser user = directory.byId(fromUserId).orElseThrow(() -> new IllegalArgumentException("no simulated user " + fromUserId));
        var call = new SimCall(null, false, user.id());
        activeCalls.incrementAndGet();
        call.caller = asTelegramUser(user);
        call.behaviour = user.behaviour();
        CallListener listener;
        try {
            listener = inbound.incomingCall(call);
        } catch (RuntimeException e) {
            log.warn("inbound handler failed: {}", e.toString());
            call.hangup();
            return call.asCaller();
        }
        call.listener = listener;
        call.listenerKnown.complete(null);
        // Telegram's servers give up on an unanswered call after about a minute ("missed")
        call.ringTimer = vertx.setTimer(INCOMING_RING_LIMIT.toMillis(), t -> {
            if (!call.answered.get()) call.finish(CallOutcome.CANCELLED, "missed: not answered within " + INCOMING_RING_LIMIT.toSeconds() + " s");
        });
        return call.asCaller();
    }

    /** What a line sees of a simulated user: username and phone, and the username as first name. */
    private static TelegramUser asTelegramUser(SimUser u) {
        return new TelegramUser(u.id(), "@" + u.username(), u.username(), u.phone(), u.username(), "");
    }

    /** One simulated call; its methods may be called from any thread, so the state is guarded. */
    private final class SimCall implements OutgoingCall, IncomingCall {
        private volatile CallListener listener;
        // an incoming call's listener is what the handler returns, and the handler may answer before it returned
        private final CompletableFuture<Void> listenerKnown = new CompletableFuture<>();
        private final boolean gatewayCalls;
        private volatile TelegramUser caller;
        private volatile SimUser.Behaviour behaviour;
        private final AtomicBoolean answered = new AtomicBoolean();
        private final AtomicBoolean over = new AtomicBoolean();
        private volatile long ringTimer = -1;
        private volatile long hangUpTimer = -1;
        private final java.util.concurrent.atomic.AtomicReference<String> peerDeployment = new java.util.concurrent.atomic.AtomicReference<>();
        private final java.util.concurrent.atomic.AtomicReference<ExternalPeer> externalFarEnd = new java.util.concurrent.atomic.AtomicReference<>();
        private final String name = "sim-" + callNumbers.incrementAndGet();
        // the user's side of the call: how it ended for them
        private final CompletableFuture<CallOutcome> endedForUser = new CompletableFuture<>();

        private final long userId;

        SimCall(CallListener listener, boolean gatewayCalls, long userId) {
            this.listener = listener;
            this.gatewayCalls = gatewayCalls;
            this.userId = userId;
            inCall.merge(userId, 1, Integer::sum);
        }

        @Override
        public TelegramUser caller() {
            return caller;
        }

        @Override
        public void answer() {
            if (gatewayCalls || over.get() || !answered.compareAndSet(false, true)) return;
            // without the listener, the connected call would be hung up unheard (seen in AskModeIT: an ask-mode line answers at once)
            // @tgcalls calls with the external program (Telegram's own library), which can record what it hears
            listenerKnown.thenRun(() -> vertx.runOnContext(v -> {
                if (behaviour == SimUser.Behaviour.EXTERNAL) connectExternal();
                else connect(behaviour == SimUser.Behaviour.TONE ? SimUser.Behaviour.TONE : SimUser.Behaviour.ECHO);
            }));
        }

        LineCaller asCaller() {
            return new LineCaller(this::callerHangsUp, endedForUser);
        }

        /** The simulated caller gives up (ringing) or hangs up (connected). */
        void callerHangsUp() {
            finish(answered.get() ? CallOutcome.ANSWERED : CallOutcome.CANCELLED, "the simulated caller hung up");
        }

        void answer(SimUser user) {
            if (over.get()) return;
            switch (user.behaviour()) {
                case BUSY -> finish(CallOutcome.BUSY, "user is busy");
                case NO_ANSWER -> { /* rings until the caller gives up */ }
                case DECLINE -> finish(CallOutcome.DECLINED, "user declined after ringing " + user.afterMs() + " ms");
                case ECHO, TONE -> connect(user.behaviour());
                case HANG_UP -> {
                    connect(SimUser.Behaviour.ECHO);
                    // the far end answers now and hangs up afterMs later, whatever the media does meanwhile
                    hangUpTimer = vertx.setTimer(Math.max(1, user.afterMs()),
                            t -> finish(CallOutcome.ANSWERED, "the far end hung up " + user.afterMs() + " ms after answering"));
                }
                case EXTERNAL -> connectExternal();
            }
        }

        /** What TDLib does at callStateReady: both parties get the key, the servers and the version. */
        private CallParamsPair callParams() {
            byte[] key = new byte[256];
            byte[] peerTag = new byte[16];
            random.nextBytes(key);
            random.nextBytes(peerTag);
            List<CallServer> servers = List.of(new CallServer.TelegramReflector(1, reflectorHost, "", reflectorPort, peerTag, false));
            // whoever placed the call is the outgoing (ICE-controlling, DTLS client) party
            return new CallParamsPair(
                    new CallParams(key, gatewayCalls, "8.0.0", servers, false, Map.of()),
                    new CallParams(key, !gatewayCalls, "8.0.0", servers, false, Map.of()));
        }

        /** Named by the gateway's id, as a TDLib call's engine is (the simulated network has no Telegram ids). */
        private LogContext logContext() {
            CallListener l = listener;
            String ours = l == null ? "" : l.gatewayCallId();
            return ours.isEmpty() ? LogContext.named(name) : LogContext.named(ours).with(CallLog.CALL, ours);
        }

        private CallEngine gatewayEngine(CallParams params, java.util.function.Consumer<byte[]> toFarEnd) {
            CallListener l = listener;
            String ours = l == null ? "" : l.gatewayCallId();
            LogContext log = ours.isEmpty() ? LogContext.NONE : logContext();
            var options = CallEngine.Options.defaults(gatewayCertificate).withCensus(engines).withLog(log);
            return new CallEngine(vertx, params, options, new CallEngine.Listener() {
                @Override
                public void signaling(byte[] blob) {
                    toFarEnd.accept(blob);
                }

                @Override
                public void state(EngineState s) {
                    if (s instanceof EngineState.Failed f) finish(CallOutcome.INTERNAL_ERROR, "call media failed: " + f.reason());
                }
            });
        }

        private void connect(SimUser.Behaviour behaviour) {
            CallParamsPair params = callParams();
            CallEngine[] gateway = new CallEngine[1];
            var peer = new SimPeer(behaviour, params.farEnd(), peerCertificate, blob -> gateway[0].receiveSignaling(blob),
                    reason -> finish(CallOutcome.INTERNAL_ERROR, "the far end's media failed: " + reason),
                    loudFramesHeard.computeIfAbsent(userId, id -> new java.util.concurrent.atomic.LongAdder()), logContext());
            gateway[0] = gatewayEngine(params.gateway(), peer::receiveSignaling);
            vertx.deployVerticle(peer).onComplete(ar -> {
                if (ar.failed()) {
                    gateway[0].close();
                    finish(CallOutcome.INTERNAL_ERROR, "simulated peer failed to start: " + ar.cause().getMessage());
                    return;
                }
                peerDeployment.set(ar.result());
                if (over.get()) {
                    gateway[0].close();
                    undeployPeer();
                    return;
                }
                begin(gateway[0]);
            });
        }

        /** The far end is another program (Telegram's tgcalls): it hangs up when it ends. */
        private void connectExternal() {
            CallParamsPair params = callParams();
            ExternalPeer[] far = new ExternalPeer[1];
            // The engine says nothing before begin(), which comes after the far end exists.
            CallEngine gateway = gatewayEngine(params.gateway(), blob -> far[0].receiveSignaling(blob));
            try {
                far[0] = ExternalPeer.start(externalPeer, params.farEnd(), name, new ExternalPeer.Listener() {
                    @Override
                    public void signaling(byte[] blob) {
                        gateway.receiveSignaling(blob);
                    }

                    @Override
                    public void hungUp() {
                        finish(CallOutcome.ANSWERED, "the far end hung up");
                    }

                    @Override
                    public void failed(String reason) {
                        finish(CallOutcome.INTERNAL_ERROR, reason);
                    }
                });
            } catch (IOException | RuntimeException e) {
                gateway.close();
                finish(CallOutcome.INTERNAL_ERROR, "the far end's program did not start: " + e.getMessage());
                return;
            }
            externalFarEnd.set(far[0]);
            if (over.get()) {
                gateway.close();
                stopExternal();
                return;
            }
            begin(gateway);
        }

        private void begin(CallEngine gateway) {
            gateway.begin();
            CallListener l = listener;
            if (l != null) l.accepted(new EngineVoice(gateway, this::hangup));
            else hangup();
        }

        void finish(CallOutcome outcome, String detail) {
            if (!over.compareAndSet(false, true)) return;
            endedForUser.complete(outcome);
            release();
            CallListener l = listener;
            if (l != null) l.ended(outcome, detail);
        }

        @Override
        public void hangup() {
            if (!over.compareAndSet(false, true)) return;
            // the line's side ends it: before its answer the user reads that as declined
            endedForUser.complete(answered.get() ? CallOutcome.ANSWERED : CallOutcome.DECLINED);
            release();
        }

        private void release() {
            if (ringTimer >= 0) vertx.cancelTimer(ringTimer);
            if (hangUpTimer >= 0) vertx.cancelTimer(hangUpTimer);
            undeployPeer();
            stopExternal();
            activeCalls.decrementAndGet();
            inCall.computeIfPresent(userId, (id, n) -> n == 1 ? null : n - 1);
        }

        private void stopExternal() {
            ExternalPeer p = externalFarEnd.getAndSet(null);
            if (p != null) p.close();
        }

        private void undeployPeer() {
            String d = peerDeployment.getAndSet(null);
            if (d != null) vertx.undeploy(d).onFailure(t -> log.warn("simulated peer did not stop: {}", t.getMessage()));
        }
    }

    @Override
    public void close() {
        closed = true;
        closeNetwork();
    }

    private Future<Void> closeNetwork() {
        reflector.close();
        return network.close().onFailure(t -> log.warn("the simulated network's event loop did not stop: {}", t.toString()));
    }

    /** One call's parameters as each party gets them: the same key and servers, opposite roles. */
    private record CallParamsPair(CallParams gateway, CallParams farEnd) {}
}
