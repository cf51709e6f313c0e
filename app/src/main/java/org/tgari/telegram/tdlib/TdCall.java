package org.tgari.telegram.tdlib;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.tgari.logging.CallLog;
import org.tgari.routing.CallOutcome;
import org.tgari.telegram.CallListener;
import org.tgari.telegram.EngineVoice;
import org.tgari.telegram.InboundHandler;
import org.tgari.telegram.IncomingCall;
import org.tgari.telegram.OutgoingCall;
import org.tgari.telegram.TelegramUser;
import org.tgari.voip.engine.CallEngine;
import org.tgari.voip.engine.EngineState;
import org.tgari.voip.log.CallLogger;
import org.tgari.voip.log.LogContext;

/**
 * One call of a line, placed or received, following TDLib's updateCall states: rings, gets its
 * engine at callStateReady, ends once. After {@link #hangup} the listener hears nothing more.
 *
 * <p>The call lives on one Vert.x event-loop context. TDLib's answers (its receive thread), its updates
 * (the line's update thread), the gateway (any thread) and the engine all reach the call through methods
 * that only post to that context, and its state is touched nowhere else, so a hang-up, the peer's
 * discard and createCall's answer are handled one after the other in whatever order they come. The
 * engine runs on the same context and so does the incoming-call handler.
 */
final class TdCall implements OutgoingCall, IncomingCall {

    private static final int MAX_EARLY_SIGNALING = 64;

    private final TdCallContext line;
    private final Context context;
    private final boolean outgoing;
    /** Over, and our discardCall (if any) answered: what closing the line waits for. */
    private final CompletableFuture<Void> settled = new CompletableFuture<>();
    /** Set once on the context before the call is offered; read by the gateway from any thread. */
    private volatile TelegramUser caller;

    // Everything below is touched only on the context.
    private int id;
    private CallListener listener;
    /** An outgoing call's createCall has answered (with the id or an error); always true for an incoming call. */
    private boolean createAnswered;
    private boolean over;
    private boolean hungUp;
    private boolean answered;
    private boolean ringing;
    /** TDLib reported the call discarded or failed: there is nothing left to discard. */
    private boolean endedByTelegram;
    private boolean mediaConnected;
    private CompletableFuture<?> discardAnswer;
    private CallEngine engine;
    private long engineSince;
    private final List<byte[]> early = new ArrayList<>();

    private TdCall(TdCallContext line, Context context, int id, boolean outgoing, CallListener listener) {
        this.line = line;
        this.context = context;
        this.id = id;
        this.outgoing = outgoing;
        this.listener = listener;
        this.createAnswered = !outgoing;
    }

    /**
     * A call the gateway places. It runs where the gateway placed it (the gateway's media pipeline then
     * feeds the engine without a thread hop per packet), else on an event loop of its own.
     */
    static TdCall outgoing(TdCallContext line, CallListener listener) {
        Context here = Vertx.currentContext();
        Context context = here != null && here.isEventLoopContext() && here.owner() == line.vertx() ? here : newContext(line.vertx());
        return new TdCall(line, context, -1, true, listener);
    }

    /** A call TDLib announced, on an event loop of its own (never on TDLib's threads). */
    static TdCall incoming(TdCallContext line, int id) {
        return new TdCall(line, newContext(line.vertx()), id, false, null);
    }

    private static Context newContext(Vertx vertx) {
        return ((VertxInternal) vertx).createEventLoopContext();
    }

    /** The context everything of this call runs on. */
    Context context() {
        return context;
    }

    /** Completes once the call is over and TDLib has answered our discardCall, if we sent one. */
    CompletableFuture<Void> settled() {
        return settled;
    }

    private void post(Runnable task) {
        try {
            context.runOnContext(v -> task.run());
        } catch (RejectedExecutionException e) {
            // Vert.x is closed: nothing of this call can run any more, so nobody should wait for it either
            log().debug("line {}: call {}: Vert.x is closed, {} dropped", line.lineName(), id, task);
            settled.complete(null);
        }
    }

    /** createCall answered with the call's id. */
    void created(int callId) {
        post(() -> {
            id = callId;
            createAnswered = true;
            if (listener != null && !over) listener.identified(Integer.toString(callId));
            if (over) {
                // hung up before the id was known: the call exists at Telegram only now that it can be discarded
                discard(false);
                line.calls().remove(callId, this);
            }
            settle();
        });
    }

    /** createCall failed, or was not sent because the line cannot take calls. */
    void createFailed(CallOutcome outcome, String detail) {
        post(() -> {
            createAnswered = true;
            end(outcome, detail);
            settle();
        });
    }

    /** An incoming call: tell the gateway, unless it ended while the caller's name was fetched. */
    void ringing(TelegramUser from, InboundHandler handler) {
        post(() -> {
            caller = from;
            if (over) {
                log().info("line {}: incoming call {} from {} ended before it could be offered", line.lineName(), id, from);
                return;
            }
            log().info("line {}: incoming call {} from {}", line.lineName(), id, from);
            try {
                listener = handler.incomingCall(this);
            } catch (RuntimeException e) {
                log().warn("line {}: incoming call {}: handler failed: {}", line.lineName(), id, e.toString());
                hangUpNow();
            }
        });
    }

    void decline(String why) {
        post(() -> {
            log().info("line {}: incoming call {} declined: {}", line.lineName(), id, why);
            hangUpNow();
        });
    }

    @Override
    public String telegramCallId() {
        return Integer.toString(id);
    }

    @Override
    public TelegramUser caller() {
        return caller;
    }

    @Override
    public void answer() {
        post(() -> {
            if (outgoing || over || answered) return;
            answered = true;
            line.td().send(TdCalls.accept(id)).whenComplete((ok, err) -> {
                if (err != null) post(() -> acceptFailed(err));
            });
        });
    }

    private void acceptFailed(Throwable err) {
        if (over) return;
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        discard(false); // TDLib may still hold the call as ringing
        end(t instanceof TdError e ? TdCalls.outcome(e.code(), e.tdMessage()) : CallOutcome.INTERNAL_ERROR, "acceptCall: " + t.getMessage());
    }

    /** An updateCall about this call. */
    void onState(TdCallState s) {
        post(() -> {
            switch (s) {
                case TdCallState.Pending p -> {
                    if (outgoing && p.received() && !ringing && !over) {
                        ringing = true;
                        if (listener != null) listener.ringing();
                    }
                }
                case TdCallState.ExchangingKeys k -> { }
                case TdCallState.Ready r -> connect(r);
                case TdCallState.HangingUp h -> { }
                case TdCallState.Discarded d -> {
                    endedByTelegram = true;
                    end(endOutcome(d.reason()), "discarded: " + d.reason());
                }
                case TdCallState.Error err -> {
                    endedByTelegram = true;
                    end(TdCalls.outcome(err.code(), err.message()), "error " + err.code() + " " + err.message());
                }
            }
        });
    }

    private CallOutcome endOutcome(TdCallState.DiscardReason reason) {
        if (reason == TdCallState.DiscardReason.UPGRADE_TO_GROUP_CALL) return CallOutcome.GROUP_CALL;
        if (mediaConnected) return CallOutcome.ANSWERED;
        // the peer's media gave up before ours connected: the path never came up
        if (engine != null) return reason == TdCallState.DiscardReason.DISCONNECTED ? CallOutcome.INTERNAL_ERROR : CallOutcome.ANSWERED;
        if (!outgoing) return CallOutcome.CANCELLED;
        return TdCalls.outcome(reason);
    }

    private void connect(TdCallState.Ready r) {
        if (engine != null || over) return;
        log().info("line {}: call {} ready, library {}, {} servers, p2p {}, custom parameters {}", line.lineName(), id,
                r.params().libraryVersion(), r.params().servers().size(), r.params().allowP2p(), r.params().customParameters());
        // created on this context, the engine runs on it; its lines (ICE, TURN, DTLS) name the call as
        // the gateway's do, "call 7 (tg 1234)", and carry the same fields
        var e = new CallEngine(line.vertx(), r.params(), line.engineOptions().withLog(logContext()), new EngineEvents());
        engine = e;
        engineSince = System.nanoTime();
        e.begin();
        early.forEach(e::receiveSignaling);
        early.clear();
        if (listener != null) listener.accepted(new EngineVoice(e, this::hangup));
    }

    /**
     * How this call's lines name it: our id once the gateway has the call, Telegram's once known, in the
     * text and as the fields the gateway's own lines carry. Made per line, because both ids come later
     * than the call, and a call writes only a few lines.
     */
    private LogContext logContext() {
        String ours = listener == null ? "" : listener.gatewayCallId();
        String tg = Integer.toString(id);
        String name = ours.isEmpty() ? "tg " + tg + " on line " + line.lineName() : id < 0 ? ours : ours + " (tg " + tg + ")";
        LogContext c = LogContext.named(name);
        if (!ours.isEmpty()) c = c.with(CallLog.CALL, ours);
        return id >= 0 ? c.with(CallLog.TELEGRAM_CALL, tg) : c;
    }

    private CallLogger log() {
        return CallLogger.of(TdCall.class, logContext());
    }

    /** The engine's callbacks, posted like everything else (they come on the same context, but one task at a time). */
    private final class EngineEvents implements CallEngine.Listener {
        @Override
        public void signaling(byte[] blob) {
            post(() -> {
                if (!over) line.td().send(TdCalls.sendSignaling(id, blob)).exceptionally(t -> null);
            });
        }

        @Override
        public void state(EngineState st) {
            post(() -> {
                switch (st) {
                    case EngineState.Connected c -> mediaConnected = true;
                    case EngineState.Failed f -> {
                        if (over) return;
                        discard(true);
                        // before the media connected, nobody has talked: the call failed, it was not answered
                        end(mediaConnected ? CallOutcome.ANSWERED : CallOutcome.INTERNAL_ERROR, "call media failed: " + f.reason());
                    }
                    default -> { }
                }
            });
        }
    }

    /** updateNewCallSignalingData for this call. */
    void onSignaling(byte[] data) {
        post(() -> {
            if (engine != null) {
                engine.receiveSignaling(data);
            } else if (!over && early.size() < MAX_EARLY_SIGNALING) {
                // the peer's first blobs can come before callStateReady gives us the engine
                early.add(data);
            }
        });
    }

    /** The call is over: release it and tell the listener once (unless we hung up ourselves). */
    private void end(CallOutcome outcome, String detail) {
        if (over) return;
        over = true;
        release();
        if (!hungUp && listener != null) listener.ended(outcome, detail);
        settle();
    }

    @Override
    public void hangup() {
        post(this::hangUpNow);
    }

    private void hangUpNow() {
        if (hungUp) return;
        hungUp = true;
        if (over) return; // ended already; what ended it said so to TDLib (or TDLib to us)
        discard(false);
        over = true;
        release();
        settle();
    }

    private void release() {
        if (id >= 0) line.calls().remove(id, this);
        if (engine != null) engine.close();
    }

    /** Sends the call's one discardCall, unless TDLib ended it or its id is not known yet ({@link #created} sends it then). */
    private void discard(boolean disconnected) {
        if (discardAnswer != null || endedByTelegram || id < 0) return;
        int duration = engineSince == 0 ? 0 : (int) ((System.nanoTime() - engineSince) / 1_000_000_000L);
        // connection_id is the engine's "preferred relay id", which tgcalls' InstanceV2Impl (7.0.0-13.0.0)
        // always reports as 0; Telegram's own apps therefore send 0 too
        discardAnswer = line.td().send(TdCalls.discard(id, disconnected, duration, 0)).exceptionally(t -> null);
    }

    private void settle() {
        if (!over || !createAnswered || settled.isDone()) return;
        if (discardAnswer == null) settled.complete(null);
        else discardAnswer.whenComplete((a, e) -> settled.complete(null));
    }

    @Override
    public String toString() {
        return "line " + line.lineName() + " call " + id;
    }
}
