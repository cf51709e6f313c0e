package org.tgari.gateway;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.tgari.logging.CallLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tgari.ari.AriClient;
import org.tgari.ari.AriEvent;
import org.tgari.ari.AriEventSocket;
import org.tgari.config.GatewayConfig;
import org.tgari.config.GatewayConfig.MediaTransport;
import org.tgari.gateway.media.AsteriskMediaLeg;
import org.tgari.gateway.media.RtpMediaLeg;
import org.tgari.gateway.media.WebSocketMediaLeg;
import org.tgari.logging.CallLog;
import org.tgari.routing.CallOutcome;
import org.tgari.routing.InboundDecision;
import org.tgari.routing.IvrOptions;
import org.tgari.telegram.CallListener;
import org.tgari.telegram.InboundHandler;
import org.tgari.telegram.IncomingCall;
import org.tgari.telegram.TelegramLine;
import org.tgari.telegram.TelegramUser;
import org.tgari.telegram.VoiceChannel;

/**
 * Receives ARI events in order on the events socket's context and hands each to the call that owns
 * the channel, on that call's own context. New {@code Stasis(app,dial,<target>)} and {@code Stasis(app,ivr)}
 * channels become outbound calls; incoming Telegram calls on a line in {@code extension} or {@code ask} mode
 * become inbound calls.
 */
public final class Gateway implements AriEventSocket.Listener, CallEnvironment.CallRegistry {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    private static final String SHUTTING_DOWN = "tgari is shutting down";
    private static final String DRAINING = "tgari is draining: it finishes its calls and takes no new ones";

    private final Vertx vertx;
    private final AriClient ari;
    private final GatewayConfig config;
    private final ContextPool contexts;
    private final CallEnvironment env;
    private final TelegramLine line;
    private final AtomicLong callIds = new AtomicLong();
    // Touched on the events context (lookups, new calls) and on call contexts (claims, removal).
    private final Map<String, GatewayCall> byChannel = new ConcurrentHashMap<>();
    private final Map<String, GatewayCall> calls = new ConcurrentHashMap<>();
    // the Telegram user each call talks to, for the chat messages they send during it
    private final Map<Long, GatewayCall> byPeer = new ConcurrentHashMap<>();
    private final RecentTexts recentTexts;
    private final Reconciliation reconciliation;
    /** Admitting a new call and starting the shutdown exclude each other, so no call starts unseen by {@link #shutDown}. */
    private final Object admission = new Object();
    private volatile boolean shuttingDown;
    private volatile boolean draining;
    // completes once new callers are refused (draining or shutting down) and no call is left
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile MediaTransport transport;
    private volatile String asteriskVersion = "unknown";

    public Gateway(Vertx vertx, AriClient ari, TelegramLine line, GatewayConfig config, GatewayMetrics metrics, ContextPool contexts) {
        this(vertx, ari, line, config, metrics, contexts, ResourceIds.random());
    }

    public Gateway(Vertx vertx, AriClient ari, TelegramLine line, GatewayConfig config, GatewayMetrics metrics, ContextPool contexts,
                   ResourceIds ids) {
        this.vertx = vertx;
        this.ari = ari;
        this.config = config;
        this.contexts = contexts;
        this.line = line;
        this.transport = config.media().transport() == MediaTransport.AUTO ? MediaTransport.RTP : config.media().transport();
        Function<CallLog, AsteriskMediaLeg> legs = this::newLeg;
        this.env = new CallEnvironment(vertx, ari, line, config, metrics, legs, this, ids);
        this.reconciliation = new Reconciliation(ari, config.ari().app(), new Reconciliation.Owners() {
            @Override
            public boolean ownsChannel(String channelId) {
                return byChannel.containsKey(channelId);
            }

            @Override
            public boolean ownsBridge(String bridgeId) {
                return calls.values().stream().anyMatch(c -> c.bridgeId().equals(bridgeId));
            }
        });
        this.recentTexts = new RecentTexts(config.routing().line(config.telegram().lineName()).inbound().ask().lookback().toMillis());
        line.setInboundHandler(new Inbound());
    }

    /** Incoming Telegram calls, routed by the line's {@code inbound.*} rules; called on any thread. */
    private final class Inbound implements InboundHandler {
        @Override
        public CallListener incomingCall(IncomingCall call) {
            String id = Long.toString(callIds.incrementAndGet());
            // routed by the configured name (telegram.line), which the routing keys were checked against
            String lineName = config.telegram().lineName();
            InboundDecision decision = config.routing().line(lineName).inbound().decide(call.caller(), lineName);
            if (decision instanceof InboundDecision.Decline d) return decline(id, call, d.reason());
            // extension mode (Dial) and ask mode (Ask) are one kind of call with different front parts
            InboundCall inbound;
            synchronized (admission) {
                if (shuttingDown || draining) return decline(id, call, shuttingDown ? SHUTTING_DOWN : DRAINING);
                if (calls.size() >= config.calls().maxConcurrent()) {
                    return decline(id, call, calls.size() + " calls in progress (calls.max-concurrent)");
                }
                inbound = new InboundCall(id, call, decision, lineName, env, contexts.next());
                calls.put(inbound.id(), inbound);
                byChannel.put(inbound.sipChannelId(), inbound);
            }
            inbound.context().runOnContext(v -> inbound.start());
            return inbound.telegramListener();
        }

        private CallListener decline(String id, IncomingCall call, String why) {
            var callLog = CallLog.of(Gateway.class, id);
            if (!call.telegramCallId().isEmpty()) callLog.telegramCall(call.telegramCallId());
            callLog.info("incoming Telegram call from {} ({}) on line {} declined: {}", call.caller().id(),
                    call.caller().displayName(), config.telegram().lineName(), why);
            call.hangup();
            return DECLINED;
        }

        @Override
        public void textMessage(TelegramUser from, String text) {
            GatewayCall call = byPeer.get(from.id());
            if (call != null) {
                call.context().runOnContext(v -> call.chatText(text));
                return;
            }
            // kept a little while: a caller may write the extension before calling a line in ask mode
            recentTexts.add(from.id(), text, DeadlineTimer.nowMs());
            log.debug("Telegram message from {} ({} characters) kept: no call of theirs is up", from.id(), text.length());
        }
    }

    /** The listener of a declined call: nothing more happens to it, and a voice offered anyway is closed. */
    private static final CallListener DECLINED = new CallListener() {
        @Override public void ringing() { }
        @Override public void accepted(VoiceChannel voice) { voice.close(); }
        @Override public void ended(CallOutcome outcome, String detail) { }
    };

    private AsteriskMediaLeg newLeg(CallLog callLog) {
        var ariCfg = config.ari();
        return switch (transport) {
            case WEBSOCKET -> new WebSocketMediaLeg(vertx, ariCfg.url(), ariCfg.user(), ariCfg.password(), callLog);
            case RTP, AUTO -> new RtpMediaLeg(vertx, config.media().rtpFormat(), config.media().bindHost(), ariCfg.url().getHost(), callLog);
        };
    }

    /** The transport calls use now: configured, or chosen from Asterisk's version when auto. */
    public MediaTransport transport() {
        return transport;
    }

    public String asteriskVersion() {
        return asteriskVersion;
    }

    public int activeCalls() {
        return calls.size();
    }

    @Override
    public void connected() {
        reconciliation.connected();
        ari.info().whenComplete((info, err) -> {
            if (err != null) {
                log.warn("could not read Asterisk's version: {}", err.getMessage());
                return;
            }
            asteriskVersion = info.version();
            if (config.media().transport() == MediaTransport.AUTO) {
                transport = AsteriskVersions.supportsMediaWebSocket(info.version()) ? MediaTransport.WEBSOCKET : MediaTransport.RTP;
            }
            log.info("Asterisk {}: media transport {}", info.version(), transport.name().toLowerCase(java.util.Locale.ROOT));
        });
    }

    @Override
    public void disconnected(String reason) {
        for (GatewayCall call : List.copyOf(calls.values())) {
            call.context().runOnContext(v -> call.ariLost());
        }
    }

    @Override
    public void event(AriEvent event) {
        if (event instanceof AriEvent.UserEvent user) {
            if (!reconciliation.onUserEvent(user)) log.debug("user event {} ignored", user.name());
            return;
        }
        String ch = event.channelId();
        GatewayCall owner = ch == null ? null : byChannel.get(ch);
        if (owner != null) {
            owner.context().runOnContext(v -> owner.onEvent(event));
            return;
        }
        if (event instanceof AriEvent.StasisStart start) {
            onStasisStart(start);
        }
    }

    private void onStasisStart(AriEvent.StasisStart start) {
        if (ResourceIds.isOurs(start.channelId())) {
            // A media channel whose call already ended (here or in an earlier process): nobody will bridge it.
            log.info("hanging up media channel {}: no call of this process owns it", start.channelId());
            ari.hangup(start.channelId(), 16);
            return;
        }
        List<String> args = start.args();
        OutboundCall.Plan plan = plan(args);
        if (plan == null) {
            log.warn("channel {} entered Stasis with arguments {}; expected (dial,<target>) or (ivr[,<option>=<value>...]) - hanging up",
                    start.channelName(), args);
            ari.hangup(start.channelId(), CallOutcome.INVALID_TARGET.q850Cause());
            return;
        }
        OutboundCall call;
        synchronized (admission) {
            if (shuttingDown || draining) {
                // as if no tgari ran: the dialplan's Hangup(34) gives the same 503
                log.info("rejecting {}: {}", start.channelName(), shuttingDown ? SHUTTING_DOWN : DRAINING);
                ari.hangup(start.channelId(), CallOutcome.SHUT_DOWN.q850Cause());
                return;
            }
            if (calls.size() >= config.calls().maxConcurrent()) {
                log.warn("rejecting {}: {} calls in progress (calls.max-concurrent)", start.channelName(), calls.size());
                ari.hangup(start.channelId(), CallOutcome.FLOOD_WAIT.q850Cause());
                return;
            }
            var clock = contexts.next();
            call = new OutboundCall(Long.toString(callIds.incrementAndGet()), start.channelId(), plan,
                    new OutboundCall.SipCaller(start.callerName(), start.callerNumber()), env, clock);
            calls.put(call.id(), call);
            byChannel.put(call.sipChannelId(), call);
        }
        call.context().runOnContext(v -> call.start());
    }

    /** What the Stasis arguments ask for, or null when they ask for nothing tgari does (the reason is logged). */
    private OutboundCall.Plan plan(List<String> args) {
        if (args.size() >= 2 && "dial".equals(args.get(0))) return new OutboundCall.Plan.Dial(args.get(1));
        if (args.isEmpty() || !"ivr".equals(args.get(0))) return null;
        var settings = IvrOptions.apply(config.routing().ivr(), args.subList(1, args.size()));
        return switch (settings) {
            case IvrOptions.Result.Applied applied -> new OutboundCall.Plan.Ivr(applied.settings());
            case IvrOptions.Result.Refused refused -> {
                log.warn("Stasis(ivr) options {}: {}", args.subList(1, args.size()), refused.problem());
                yield null;
            }
        };
    }

    @Override
    public void claim(String channelId, GatewayCall call) {
        byChannel.put(channelId, call);
    }

    @Override
    public void claimPeer(long telegramUserId, GatewayCall call) {
        GatewayCall before = byPeer.put(telegramUserId, call);
        if (before != null && before != call) {
            CallLog.of(Gateway.class, call.id()).debug("chat messages of Telegram user {} go to it, not to call {}", telegramUserId, before.id());
        }
    }

    @Override
    public List<org.tgari.routing.ChatText> recentTexts(long telegramUserId) {
        return recentTexts.take(telegramUserId, DeadlineTimer.nowMs());
    }

    @Override
    public void finished(GatewayCall call) {
        byPeer.values().removeIf(c -> c == call);
        calls.remove(call.id());
        // every claim of the call: an ask-mode call has had a channel per try and claimed its bridge
        byChannel.values().removeIf(c -> c == call);
        if ((shuttingDown || draining) && calls.isEmpty()) drained.complete(null);
    }

    /** How long the admin API waits for a busy call to describe itself before it shows the call without details. */
    private static final long DESCRIBE_WAIT_MS = 2000;

    /**
     * Snapshot of the calls in progress, for the admin API. Each call describes itself on its own context
     * (its state is confined there); one that does not get to it in time is shown by id only.
     */
    public CompletableFuture<List<Map<String, Object>>> callDescriptions() {
        List<CompletableFuture<Map<String, Object>>> each = new java.util.ArrayList<>();
        for (GatewayCall call : List.copyOf(calls.values())) {
            CompletableFuture<Map<String, Object>> described = new CompletableFuture<>();
            call.context().runOnContext(v -> described.complete(call.describe()));
            each.add(described.completeOnTimeout(Map.of("id", call.id(), "state", "busy: not described within " + DESCRIBE_WAIT_MS + " ms"),
                    DESCRIBE_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(v -> each.stream().map(CompletableFuture::join).toList());
    }

    /**
     * {@link #callDescriptions()}, waited for: for tests and tools on their own threads. It blocks, so never
     * call it on an event loop.
     */
    public List<Map<String, Object>> describeCalls() {
        return callDescriptions().join();
    }

    /**
     * tgari stops: new callers are refused with cause 34 (SIP 503), every call ends (a connected one as
     * answered, the others as shut_down), and the future completes once Asterisk has answered every call's
     * hang-ups and bridge destroy. It may never complete when Asterisk does not answer: wait for it bounded.
     */
    public CompletableFuture<Void> shutDown() {
        return shutDown(SHUTTING_DOWN);
    }

    /** {@link #shutDown()}, with {@code why} the calls end logged against each of them. */
    public CompletableFuture<Void> shutDown(String why) {
        synchronized (admission) {
            shuttingDown = true;
        }
        endAll(why);
        if (calls.isEmpty()) drained.complete(null);
        return drained;
    }

    /**
     * Stops taking calls and lets those in progress finish: new callers are refused with cause 34 (SIP 503),
     * the calls in progress go on, and the future completes once the last of them ended. A drain that
     * must end by a deadline calls {@link #shutDown(String)} after it.
     */
    public CompletableFuture<Void> drain() {
        synchronized (admission) {
            draining = true;
        }
        log.info("draining: new calls are refused (503); waiting for {} call(s) in progress", calls.size());
        if (calls.isEmpty()) drained.complete(null);
        return drained;
    }

    /** Whether new calls are refused because the gateway drains or stops. */
    public boolean draining() {
        return draining || shuttingDown;
    }

    /** Ends every call (shutdown, or the app taken over by another instance). */
    public void endAll(String why) {
        for (GatewayCall call : List.copyOf(calls.values())) {
            call.context().runOnContext(v -> call.stop(why));
        }
    }
}
