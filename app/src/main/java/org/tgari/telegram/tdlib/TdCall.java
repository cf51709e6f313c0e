package org.tgari.telegram.tdlib;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tgari.routing.CallOutcome;
import org.tgari.telegram.CallListener;
import org.tgari.telegram.EngineVoice;
import org.tgari.telegram.InboundHandler;
import org.tgari.telegram.IncomingCall;
import org.tgari.telegram.OutgoingCall;
import org.tgari.telegram.TelegramUser;
import org.tgari.voip.engine.CallEngine;
import org.tgari.voip.engine.EngineState;

/**
 * One call of a line, placed or received, following TDLib's updateCall states: rings, gets its
 * engine at callStateReady, ends once. After {@link #hangup} the listener hears nothing more.
 */
final class TdCall implements OutgoingCall, IncomingCall {

    private static final Logger log = LoggerFactory.getLogger(TdCall.class);
    private static final int MAX_EARLY_SIGNALING = 64;

    private final TdCallContext ctx;
    private final boolean outgoing;
    private final AtomicBoolean over = new AtomicBoolean();
    private final AtomicBoolean hungUp = new AtomicBoolean();
    private final AtomicBoolean answered = new AtomicBoolean();
    private volatile int id;
    /** The Vert.x context the gateway placed or answered the call from, if any. */
    private volatile Context home;
    private volatile CallListener listener;
    private volatile TelegramUser caller;
    private volatile boolean ringing;
    private volatile CallEngine engine;
    private volatile long connectedAt;
    private final List<byte[]> early = new ArrayList<>();
    private volatile CallOutcome endedBeforeListener;
    private volatile String endedBeforeListenerDetail;

    TdCall(TdCallContext ctx, int id, boolean outgoing) {
        this.ctx = ctx;
        this.id = id;
        this.outgoing = outgoing;
        this.home = outgoing ? Vertx.currentContext() : null; // an incoming call's comes with answer()
    }

    void listen(CallListener l) {
        listener = l;
    }

    /** createCall answered with the call's id. */
    void created(int callId) {
        id = callId;
        ctx.calls().put(callId, this);
        if (hungUp.get()) discard(false);
    }

    /** An incoming call: tell the gateway, unless it ended while the caller's name was fetched. */
    void ringing(TelegramUser from, InboundHandler handler) {
        caller = from;
        if (over.get()) {
            log.info("line {}: incoming call {} from {} ended before it could be offered", ctx.lineName(), id, from);
            return;
        }
        log.info("line {}: incoming call {} from {}", ctx.lineName(), id, from);
        CallListener l;
        try {
            l = handler.incomingCall(this);
        } catch (RuntimeException e) {
            log.warn("line {}: incoming call handler failed: {}", ctx.lineName(), e.toString());
            hangup();
            return;
        }
        listener = l;
        CallOutcome early = endedBeforeListener; // ended between the check above and now
        if (early != null && !hungUp.get()) l.ended(early, endedBeforeListenerDetail);
    }

    void decline(String why) {
        log.info("line {}: incoming call {} declined: {}", ctx.lineName(), id, why);
        hangup();
    }

    @Override
    public TelegramUser caller() {
        return caller;
    }

    @Override
    public void answer() {
        if (outgoing || over.get() || !answered.compareAndSet(false, true)) return;
        home = Vertx.currentContext();
        ctx.td().send(TdCalls.accept(id)).whenComplete((ok, err) -> {
            if (err == null) return;
            Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            end(t instanceof TdError e ? TdCalls.outcome(e.code(), e.tdMessage()) : CallOutcome.INTERNAL_ERROR, "acceptCall: " + t.getMessage());
        });
    }

    void onState(TdCallState s) {
        switch (s) {
            case TdCallState.Pending p -> {
                if (outgoing && p.received() && !ringing) {
                    ringing = true;
                    CallListener l = listener;
                    if (l != null) l.ringing();
                }
            }
            case TdCallState.ExchangingKeys k -> { }
            case TdCallState.Ready r -> {
                // Updates arrive on the line's TDLib thread, whose one sticky Vert.x context would put every
                // engine of the line on one event loop. The engine runs where the gateway placed or answered
                // the call (its media pipeline feeds it from there without a thread hop per packet), else on
                // an event loop of its own.
                Context loop = home;
                if (loop == null || !loop.isEventLoopContext()) {
                    loop = ((VertxInternal) ctx.vertx()).createEventLoopContext();
                }
                loop.runOnContext(v -> connect(r));
            }
            case TdCallState.HangingUp h -> { }
            case TdCallState.Discarded d -> end(endOutcome(d.reason()), "discarded: " + d.reason());
            case TdCallState.Error err -> end(TdCalls.outcome(err.code(), err.message()), "error " + err.code() + " " + err.message());
        }
    }

    private CallOutcome endOutcome(TdCallState.DiscardReason reason) {
        if (engine != null) return reason == TdCallState.DiscardReason.UPGRADE_TO_GROUP_CALL ? CallOutcome.GROUP_CALL : CallOutcome.ANSWERED;
        if (!outgoing) return reason == TdCallState.DiscardReason.UPGRADE_TO_GROUP_CALL ? CallOutcome.GROUP_CALL : CallOutcome.CANCELLED;
        return TdCalls.outcome(reason);
    }

    private void connect(TdCallState.Ready r) {
        if (engine != null || over.get()) return;
        log.info("line {}: call {} ready, library {}, {} servers, p2p {}, custom parameters {}", ctx.lineName(), id,
                r.params().libraryVersion(), r.params().servers().size(), r.params().allowP2p(), r.params().customParameters());
        var e = new CallEngine(ctx.vertx(), "line " + ctx.lineName() + " call " + id, r.params(), ctx.engineOptions(), new CallEngine.Listener() {
            @Override
            public void signaling(byte[] blob) {
                ctx.td().send(TdCalls.sendSignaling(id, blob)).exceptionally(t -> null);
            }

            @Override
            public void state(EngineState st) {
                if (st instanceof EngineState.Failed f) {
                    discard(true);
                    end(CallOutcome.ANSWERED, "call media failed: " + f.reason());
                }
            }
        });
        List<byte[]> queued;
        synchronized (this) {
            engine = e;
            queued = List.copyOf(early);
            early.clear();
        }
        if (over.get()) {
            // ended between the check above and publishing the engine: release() may have missed it
            e.close();
            return;
        }
        connectedAt = System.nanoTime();
        e.begin();
        queued.forEach(e::receiveSignaling);
        CallListener l = listener;
        if (l != null) l.accepted(new EngineVoice(e, this::hangup));
    }

    void onSignaling(byte[] data) {
        CallEngine e;
        synchronized (this) {
            e = engine;
            // the peer's first blobs can come before our engine exists on its event loop: keep them for it
            if (e == null) {
                if (!over.get() && early.size() < MAX_EARLY_SIGNALING) early.add(data);
                return;
            }
        }
        e.receiveSignaling(data);
    }

    /** The call is over: release it and tell the listener once (unless we hung up ourselves). */
    void end(CallOutcome outcome, String detail) {
        if (!over.compareAndSet(false, true)) return;
        release();
        if (hungUp.get()) return;
        CallListener l = listener;
        if (l != null) {
            l.ended(outcome, detail);
        } else {
            endedBeforeListener = outcome;
            endedBeforeListenerDetail = detail;
        }
    }

    @Override
    public void hangup() {
        if (!hungUp.compareAndSet(false, true)) return;
        discard(false);
        if (over.compareAndSet(false, true)) release();
    }

    private void release() {
        if (id >= 0) ctx.calls().remove(id);
        CallEngine e = engine;
        if (e != null) e.close();
    }

    private void discard(boolean disconnected) {
        if (id < 0) return; // createCall has not answered yet; created() discards then
        long at = connectedAt;
        int duration = at == 0 ? 0 : (int) ((System.nanoTime() - at) / 1_000_000_000L);
        // connection_id is the engine's "preferred relay id", which tgcalls' InstanceV2Impl (7.0.0-13.0.0)
        // always reports as 0; Telegram's own apps therefore send 0 too
        ctx.td().send(TdCalls.discard(id, disconnected, duration, 0)).exceptionally(t -> null);
    }
}
