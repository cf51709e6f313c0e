package org.tgari.telegram.tdlib;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tgari.routing.CallOutcome;
import org.tgari.routing.Target;
import org.tgari.telegram.CallListener;
import org.tgari.telegram.InboundHandler;
import org.tgari.telegram.LineState;
import org.tgari.telegram.Lookup;
import org.tgari.telegram.LookupCache;
import org.tgari.telegram.OutgoingCall;
import org.tgari.telegram.TelegramFailure;
import org.tgari.telegram.TelegramLine;
import org.tgari.telegram.TelegramUser;
import org.tgari.voip.dtls.DtlsCertificate;
import org.tgari.voip.engine.CallEngine;

/**
 * A real Telegram account as a {@link TelegramLine}: resolves targets with TDLib, places and answers
 * calls (createCall / acceptCall, then updateCall), hands each call's key, servers and version to a
 * {@link CallEngine} at callStateReady, and sends and receives private text messages. Feed it the
 * client's updates, in order, through {@link #onUpdate}.
 */
public final class TdLine implements TelegramLine {

    private static final Logger log = LoggerFactory.getLogger(TdLine.class);
    private static final Duration SEND_CONFIRMATION_TIMEOUT = Duration.ofSeconds(60);
    /** How long closing waits for TDLib to answer the discardCalls of the calls it ends. */
    static final Duration CLOSE_DISCARD_TIMEOUT = Duration.ofSeconds(5);

    private final String name;
    private final TdSession td;
    private final TdlibParameters parameters;
    private final Runnable onClose;
    private final TdTargetResolver resolver;
    private final TdCallContext callContext;
    private final TdCallTable calls;
    private final Map<Long, CompletableFuture<Void>> sending = new ConcurrentHashMap<>();
    private final CompletableFuture<LineState> settled = new CompletableFuture<>();
    private volatile LineState authorization = LineState.notReady("not logged in");
    // TDLib reports only changes; until it says otherwise the line counts as connected
    private volatile String connection = "connectionStateReady";
    private volatile LineState state = authorization;
    private volatile InboundHandler inbound = InboundHandler.DECLINE_ALL;
    private CompletableFuture<Void> messageOrder = CompletableFuture.completedFuture(null);

    /** What setTdlibParameters needs; null parameters mean the client is set up elsewhere. */
    public record TdlibParameters(int apiId, String apiHash, Path dataDir, String databaseKey) {}

    /**
     * How the line resolves targets: contact import allowed or not, and its lookup cache; and the census
     * that counts its calls' engines.
     */
    public record Settings(boolean importContacts, int lookupCacheSize, Duration lookupCacheTtl, org.tgari.voip.engine.EngineCensus engines) {
        public Settings(boolean importContacts, int lookupCacheSize, Duration lookupCacheTtl) {
            this(importContacts, lookupCacheSize, lookupCacheTtl, new org.tgari.voip.engine.EngineCensus());
        }

        public static Settings defaults() {
            return new Settings(false, 1000, Duration.ofMinutes(10));
        }
    }

    public TdLine(String name, TdSession td, Vertx vertx, String hostAddress) {
        this(name, td, vertx, hostAddress, null, Settings.defaults(), () -> { });
    }

    public TdLine(String name, TdSession td, Vertx vertx, String hostAddress, TdlibParameters parameters, Settings settings, Runnable onClose) {
        this.name = name;
        this.td = td;
        this.parameters = parameters;
        this.onClose = onClose;
        this.resolver = new TdTargetResolver(td, settings.importContacts(), new LookupCache(settings.lookupCacheSize(), settings.lookupCacheTtl()));
        this.calls = new TdCallTable(name);
        this.callContext = new TdCallContext(name, td, vertx,
                new CallEngine.Options(hostAddress, Duration.ofSeconds(20), DtlsCertificate.generateEcdsaP256(), settings.engines()), calls);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public LineState state() {
        return state;
    }

    @Override
    public void setInboundHandler(InboundHandler handler) {
        inbound = handler;
    }

    /** Every update of this line's TDLib client, in order. */
    public void onUpdate(JsonNode u) {
        switch (u.path("@type").asText()) {
            case "updateAuthorizationState" -> onAuthorizationState(u.path("authorization_state").path("@type").asText());
            case "updateConnectionState" -> {
                connection = u.path("state").path("@type").asText();
                state = combined();
            }
            case "updateCall" -> TdCalls.readUpdateCall(u).ifPresent(this::onCall);
            case "updateNewCallSignalingData" -> TdCalls.readSignaling(u).ifPresent(sig ->
                    calls.route(sig.callId(), true, call -> call.onSignaling(sig.data())));
            case "updateNewMessage" -> TdMessages.readIncomingText(u).ifPresent(this::onText);
            case "updateMessageSendSucceeded", "updateMessageSendFailed" -> TdMessages.readSendResult(u).ifPresent(r -> {
                var f = sending.remove(r.oldMessageId());
                if (f == null) return;
                if (r.error() == null) f.complete(null);
                else f.completeExceptionally(new TelegramFailure("Telegram did not deliver the message: " + r.error()));
            });
            default -> { }
        }
    }

    private void onAuthorizationState(String s) {
        authorization = switch (s) {
            case "authorizationStateReady" -> LineState.readyState();
            case "authorizationStateWaitPhoneNumber", "authorizationStateWaitCode", "authorizationStateWaitPassword",
                 "authorizationStateWaitOtherDeviceConfirmation", "authorizationStateWaitRegistration",
                 "authorizationStateWaitEmailAddress", "authorizationStateWaitEmailCode" ->
                    LineState.notReady("line '" + name + "' is not logged in (" + s.replace("authorizationState", "") + "): run tgari login " + name);
            case "authorizationStateClosing", "authorizationStateClosed" -> LineState.notReady("line '" + name + "' is closed");
            default -> LineState.notReady("line '" + name + "': " + s.replace("authorizationState", "authorization "));
        };
        state = combined();
        if ("authorizationStateWaitTdlibParameters".equals(s)) {
            if (parameters != null) sendParameters();
        } else {
            settled.complete(authorization);
        }
    }

    /**
     * Ready means logged in and connected: while TDLib waits for a network or connects, a call would
     * only hang, so it is refused at once with a reason (and /health says so).
     */
    private LineState combined() {
        LineState auth = authorization;
        if (!auth.ready()) return auth;
        return switch (connection) {
            case "connectionStateReady", "connectionStateUpdating" -> auth;
            case "connectionStateWaitingForNetwork" -> LineState.notReady("line '" + name + "' is logged in but waits for a network");
            default -> LineState.notReady("line '" + name + "' is logged in and connecting to Telegram ("
                    + connection.replace("connectionState", "") + ")");
        };
    }

    private void onCall(TdCalls.Call c) {
        if (calls.route(c.id(), c.outgoing(), call -> call.onState(c.state()))) return;
        if (c.outgoing() || !(c.state() instanceof TdCallState.Pending)) return; // not ours, or already over
        var incoming = TdCall.incoming(callContext, c.id());
        calls.track(incoming);
        calls.incoming(c.id(), incoming);
        if (!state.ready()) {
            incoming.decline("line not ready");
            return;
        }
        InboundHandler handler = inbound;
        user(c.userId()).whenComplete((user, err) -> {
            TelegramUser caller = err == null ? user : new TelegramUser(c.userId(), "user " + c.userId());
            incoming.ringing(caller, handler);
        });
    }

    private void onText(TdMessages.IncomingText text) {
        InboundHandler handler = inbound;
        // one message after the other, so a caller keying digits by message keeps their order
        synchronized (this) {
            messageOrder = messageOrder.thenCompose(v -> user(text.userId()).handle((user, err) -> {
                TelegramUser from = err == null ? user : new TelegramUser(text.userId(), "user " + text.userId());
                try {
                    handler.textMessage(from, text.text());
                } catch (RuntimeException e) {
                    log.warn("line {}: message handler failed: {}", name, e.toString());
                }
                return null;
            }));
        }
    }

    private CompletableFuture<TelegramUser> user(long id) {
        return resolver.caller(id);
    }

    private void sendParameters() {
        var p = td.request("setTdlibParameters")
                .put("use_test_dc", false)
                .put("database_directory", parameters.dataDir().resolve("db").toString())
                .put("files_directory", parameters.dataDir().resolve("files").toString())
                .put("database_encryption_key", Base64.getEncoder().encodeToString(parameters.databaseKey().getBytes(StandardCharsets.UTF_8)))
                .put("use_file_database", false).put("use_chat_info_database", true).put("use_message_database", false)
                .put("use_secret_chats", false).put("api_id", parameters.apiId()).put("api_hash", parameters.apiHash())
                .put("system_language_code", "en").put("device_model", "tgari").put("system_version", "")
                .put("application_version", "0.1");
        td.send(p).whenComplete((ok, err) -> {
            if (err != null) {
                authorization = LineState.notReady("line '" + name + "': TDLib refused its parameters: " + err.getMessage());
                state = authorization;
            }
        });
    }

    /** Waits until TDLib has said where the line stands (logged in, or what it waits for). */
    public LineState awaitSettled(Duration timeout) {
        try {
            return settled.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return state;
        } catch (ExecutionException | TimeoutException e) {
            return state;
        }
    }

    @Override
    public CompletableFuture<Lookup> lookup(Target target) {
        LineState s = state;
        if (!s.ready()) return CompletableFuture.completedFuture(new Lookup.Failed(CallOutcome.TELEGRAM_UNAVAILABLE, s.reason()));
        return resolver.resolve(target);
    }

    @Override
    public OutgoingCall call(TelegramUser user, CallListener listener) {
        var call = TdCall.outgoing(callContext, listener);
        calls.track(call);
        LineState s = state;
        if (!s.ready()) {
            call.createFailed(CallOutcome.TELEGRAM_UNAVAILABLE, s.reason());
            return call;
        }
        var create = td.request("createCall").put("user_id", user.id()).put("is_video", false);
        create.set("protocol", TdCalls.protocol());
        calls.creating();
        td.send(create).whenComplete((callId, err) -> {
            if (err != null) {
                calls.createFailed();
                Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                call.createFailed(t instanceof TdError e ? TdCalls.outcome(e.code(), e.tdMessage()) : CallOutcome.INTERNAL_ERROR,
                        "createCall: " + t.getMessage());
                return;
            }
            calls.created(callId.path("id").asInt(), call);
        });
        return call;
    }

    @Override
    public CompletableFuture<Void> sendText(TelegramUser to, String text) {
        LineState s = state;
        if (!s.ready()) return CompletableFuture.failedFuture(new TelegramFailure(s.reason()));
        TelegramFailure refused = TelegramLine.unsendable(text);
        if (refused != null) return CompletableFuture.failedFuture(refused);
        var delivered = new CompletableFuture<Void>();
        td.send(TdMessages.privateChat(to.id()))
                .thenCompose(chat -> td.send(TdMessages.sendText(chat.path("id").asLong(), text)))
                .whenComplete((queued, err) -> {
                    if (err != null) {
                        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                        delivered.completeExceptionally(new TelegramFailure("cannot send a message to " + to + ": " + t.getMessage()));
                        return;
                    }
                    // TDLib answers sendMessage with the queued message before the server's verdict, which
                    // comes later as updateMessageSendSucceeded/Failed naming this temporary id
                    long tempId = queued.path("id").asLong();
                    if (!"messageSendingStatePending".equals(queued.path("sending_state").path("@type").asText())) {
                        delivered.complete(null);
                        return;
                    }
                    sending.put(tempId, delivered);
                });
        return delivered.orTimeout(SEND_CONFIRMATION_TIMEOUT.toSeconds(), TimeUnit.SECONDS).exceptionallyCompose(t -> {
            if (!(t instanceof TimeoutException)) return CompletableFuture.failedFuture(t);
            sending.values().remove(delivered);
            return CompletableFuture.failedFuture(new TelegramFailure("Telegram did not confirm the message to " + to + " within "
                    + SEND_CONFIRMATION_TIMEOUT.toSeconds() + " s"));
        });
    }

    /** The TDLib client this line talks through (tgari login drives the authorization on it). */
    public TdSession session() {
        return td;
    }

    /** Calls in progress on this line. */
    public int activeCalls() {
        return calls.size();
    }

    /** Completes once every call of the line so far has ended and had its discardCall answered. */
    CompletableFuture<Void> allSettled() {
        return calls.allSettled();
    }

    /**
     * Hangs up every call and waits, up to {@link #CLOSE_DISCARD_TIMEOUT}, until TDLib has answered their
     * discardCalls (so the peers hear the end before the client closes), then closes the line. Blocks.
     */
    @Override
    public void close() {
        authorization = LineState.notReady("line closed"); // no new call while the others end
        state = authorization;
        List<TdCall> open = calls.unsettled();
        open.forEach(TdCall::hangup);
        try {
            CompletableFuture.allOf(open.stream().map(TdCall::settled).toArray(CompletableFuture[]::new))
                    .get(CLOSE_DISCARD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("line {}: TDLib did not answer the discards of {} within {} ms; closing anyway", name,
                    open.stream().filter(c -> !c.settled().isDone()).map(TdCall::toString).toList(), CLOSE_DISCARD_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // settled futures only complete normally
        }
        sending.values().forEach(f -> f.completeExceptionally(new TelegramFailure("line closed")));
        sending.clear();
        onClose.run();
    }
}
