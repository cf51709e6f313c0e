package org.tgari.telegram.tdlib;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tgari.logging.CallLog;

/**
 * Which {@link TdCall} a TDLib update belongs to, by call id, and every call of the line until it has
 * settled. TDLib may send an outgoing call's first updates before it answers createCall with the call's
 * id; while a createCall is unanswered, updates for unknown ids are kept (bounded) and handed to the call
 * that createCall names. Routing only posts work to the calls' contexts, so holding the monitor is cheap,
 * and holding it while posting keeps each call's updates in TDLib's order.
 */
final class TdCallTable {

    private static final Logger log = LoggerFactory.getLogger(TdCallTable.class);
    /** Calls placed at once by this line whose ids TDLib has not told yet; more ids than this are not kept. */
    static final int MAX_EARLY_CALLS = 8;
    /** A call's updates before its id is known: pending, exchanging keys, ready, a few signaling blobs. */
    static final int MAX_EARLY_UPDATES = 32;

    private final String lineName;
    private final Map<Integer, TdCall> byId = new HashMap<>();
    private final Map<Integer, List<Consumer<TdCall>>> early = new LinkedHashMap<>();
    private final Set<TdCall> unsettled = ConcurrentHashMap.newKeySet();
    private int creating;

    TdCallTable(String lineName) {
        this.lineName = lineName;
    }

    /** A new call of the line: tracked until it has settled (ended, and its discardCall answered). */
    void track(TdCall call) {
        unsettled.add(call);
        call.settled().whenComplete((v, e) -> unsettled.remove(call));
    }

    /** A createCall is on its way: updates for ids nobody knows may be its call's. */
    synchronized void creating() {
        creating++;
    }

    /** createCall answered with {@code id}: the call takes it, with what TDLib said about it before. */
    synchronized void created(int id, TdCall call) {
        byId.put(id, call);
        call.created(id);
        List<Consumer<TdCall>> before = early.remove(id);
        if (before != null) before.forEach(u -> u.accept(call));
        createAnswered();
    }

    /** createCall failed: no call id will come from it. */
    synchronized void createFailed() {
        createAnswered();
    }

    private void createAnswered() {
        creating--;
        // with no createCall unanswered, what is kept belongs to calls placed elsewhere (the account's other apps)
        if (creating == 0) early.clear();
    }

    /** An incoming call TDLib just announced. */
    synchronized void incoming(int id, TdCall call) {
        byId.put(id, call);
    }

    /**
     * Hands an update to the call with {@code id}; keeps it while a createCall may still name that id
     * ({@code maybeOutgoing}: the update could be about a call this line placed). Returns false when no
     * call has the id and none can get it.
     */
    synchronized boolean route(int id, boolean maybeOutgoing, Consumer<TdCall> update) {
        TdCall call = byId.get(id);
        if (call != null) {
            update.accept(call);
            return true;
        }
        if (creating == 0 || !maybeOutgoing) return false;
        List<Consumer<TdCall>> kept = early.get(id);
        if (kept == null) {
            if (early.size() >= MAX_EARLY_CALLS) {
                dropped(id, "line {}: update for unknown call {} dropped: {} unknown calls already kept", early.size());
                return true;
            }
            kept = new ArrayList<>();
            early.put(id, kept);
        }
        if (kept.size() < MAX_EARLY_UPDATES) kept.add(update);
        else dropped(id, "line {}: update for call {} dropped: {} kept before createCall answered", kept.size());
        return true;
    }

    /** A dropped update's line, with the call's Telegram id as a field: the gateway's id is not known yet. */
    private void dropped(int id, String format, int count) {
        if (log.isDebugEnabled()) log.atDebug().addKeyValue(CallLog.TELEGRAM_CALL, Integer.toString(id)).log(format, lineName, id, count);
    }

    synchronized void remove(int id, TdCall call) {
        byId.remove(id, call);
    }

    synchronized int size() {
        return byId.size();
    }

    synchronized boolean contains(int id) {
        return byId.containsKey(id);
    }

    /** The calls not settled yet, including those whose id is not known. */
    List<TdCall> unsettled() {
        return List.copyOf(unsettled);
    }

    /** Completes once every call tracked now has settled. */
    CompletableFuture<Void> allSettled() {
        return CompletableFuture.allOf(unsettled().stream().map(TdCall::settled).toArray(CompletableFuture[]::new));
    }
}
