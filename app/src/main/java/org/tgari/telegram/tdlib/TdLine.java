package org.tgari.telegram.tdlib;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tgari.routing.CallOutcome;
import org.tgari.routing.Target;
import org.tgari.telegram.CallListener;
import org.tgari.telegram.LineState;
import org.tgari.telegram.Lookup;
import org.tgari.telegram.OutgoingCall;
import org.tgari.telegram.TelegramLine;
import org.tgari.telegram.TelegramUser;
import org.tgari.telegram.VoiceChannel;
import org.tgari.telegram.VoiceStats;
import org.tgari.voip.dtls.DtlsCertificate;
import org.tgari.voip.engine.CallEngine;
import org.tgari.voip.engine.EngineState;

/**
 * A real Telegram account as a {@link TelegramLine}: resolves targets with TDLib, places calls with
 * createCall, follows updateCall, and at callStateReady hands the key, servers and version to a
 * {@link CallEngine} whose signaling it relays through sendCallSignalingData. Feed it the client's
 * updates through {@link #onUpdate}.
 */
public final class TdLine implements TelegramLine {

    private static final Logger log = LoggerFactory.getLogger(TdLine.class);

    private final String name;
    private final TdSession td;
    private final Vertx vertx;
    private final CallEngine.Options engineOptions;
    private final Map<Integer, TdCall> calls = new ConcurrentHashMap<>();
    private final TdlibParameters parameters;
    private final Runnable onClose;
    private volatile LineState state = LineState.notReady("not logged in");
    private final CompletableFuture<LineState> settled = new CompletableFuture<>();

    /** What setTdlibParameters needs; null parameters mean the client is set up elsewhere. */
    public record TdlibParameters(int apiId, String apiHash, java.nio.file.Path dataDir, String databaseKey) {}

    public TdLine(String name, TdSession td, Vertx vertx, String hostAddress) {
        this(name, td, vertx, hostAddress, null, () -> { });
    }

    public TdLine(String name, TdSession td, Vertx vertx, String hostAddress, TdlibParameters parameters, Runnable onClose) {
        this.name = name;
        this.td = td;
        this.vertx = vertx;
        this.parameters = parameters;
        this.onClose = onClose;
        this.engineOptions = new CallEngine.Options(hostAddress, java.time.Duration.ofSeconds(20), DtlsCertificate.generateEcdsaP256());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public LineState state() {
        return state;
    }

    /** Every update of this line's TDLib client, in order. */
    public void onUpdate(JsonNode u) {
        switch (u.path("@type").asText()) {
            case "updateAuthorizationState" -> {
                String s = u.path("authorization_state").path("@type").asText();
                state = switch (s) {
                    case "authorizationStateReady" -> LineState.readyState();
                    case "authorizationStateWaitPhoneNumber", "authorizationStateWaitCode", "authorizationStateWaitPassword",
                         "authorizationStateWaitOtherDeviceConfirmation" ->
                            LineState.notReady("line '" + name + "' is not logged in (" + s.replace("authorizationState", "") + "): run tgari login");
                    default -> LineState.notReady("line '" + name + "': " + s.replace("authorizationState", "authorization "));
                };
                if ("authorizationStateWaitTdlibParameters".equals(s) && parameters != null) sendParameters();
                if (!"authorizationStateWaitTdlibParameters".equals(s)) settled.complete(state);
            }
            case "updateCall" -> TdCalls.readUpdateCall(u).ifPresent(c -> {
                TdCall call = calls.get(c.id());
                if (call != null) call.onState(c.state());
            });
            case "updateNewCallSignalingData" -> TdCalls.readSignaling(u).ifPresent(sig -> {
                TdCall call = calls.get(sig.callId());
                if (call != null) call.onSignaling(sig.data());
            });
            default -> { }
        }
    }

    private void sendParameters() {
        var p = td.request("setTdlibParameters")
                .put("use_test_dc", false)
                .put("database_directory", parameters.dataDir().resolve("db").toString())
                .put("files_directory", parameters.dataDir().resolve("files").toString())
                .put("database_encryption_key", java.util.Base64.getEncoder().encodeToString(
                        parameters.databaseKey().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .put("use_file_database", false).put("use_chat_info_database", true).put("use_message_database", false)
                .put("use_secret_chats", false).put("api_id", parameters.apiId()).put("api_hash", parameters.apiHash())
                .put("system_language_code", "en").put("device_model", "tgari").put("system_version", "")
                .put("application_version", "0.1");
        td.send(p).whenComplete((ok, err) -> {
            if (err != null) state = LineState.notReady("line '" + name + "': TDLib refused its parameters: " + err.getMessage());
        });
    }

    /** Waits until TDLib has said where the line stands (logged in, or what it waits for). */
    public LineState awaitSettled(java.time.Duration timeout) {
        try {
            return settled.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return state;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return state;
        }
    }

    @Override
    public CompletableFuture<Lookup> lookup(Target target) {
        CompletableFuture<JsonNode> user = switch (target) {
            case Target.Phone p -> td.send(td.request("searchUserByPhoneNumber").put("phone_number", p.digits()));
            case Target.UserId id -> td.send(td.request("getUser").put("user_id", id.id()));
            case Target.Username n -> td.send(td.request("searchPublicChat").put("username", n.name())).thenCompose(chat -> {
                JsonNode type = chat.path("type");
                if (!"chatTypePrivate".equals(type.path("@type").asText())) return CompletableFuture.failedFuture(new NotAUser());
                return td.send(td.request("getUser").put("user_id", type.path("user_id").asLong()));
            });
        };
        return user.handle((u, err) -> {
            if (err == null) return new Lookup.Found(new TelegramUser(u.path("id").asLong(), displayName(u)));
            Throwable t = err instanceof CompletionException ? err.getCause() : err;
            if (t instanceof NotAUser) return new Lookup.Failed(CallOutcome.NOT_A_USER, target + " is a group or channel");
            if (t instanceof TdError e) {
                CallOutcome o = e.code() == 400 || e.code() == 404 ? CallOutcome.NOT_FOUND : TdCalls.outcome(e.code(), e.tdMessage());
                return new Lookup.Failed(o, target + ": " + e.tdMessage());
            }
            return new Lookup.Failed(CallOutcome.INTERNAL_ERROR, target + ": " + t);
        });
    }

    private static String displayName(JsonNode u) {
        String name = (u.path("first_name").asText("") + " " + u.path("last_name").asText("")).strip();
        return name.isEmpty() ? "user " + u.path("id").asText() : name;
    }

    private static final class NotAUser extends RuntimeException {
        NotAUser() {
            super("not a user", null, false, false);
        }
    }

    @Override
    public OutgoingCall call(TelegramUser user, CallListener listener) {
        var call = new TdCall(listener);
        var create = td.request("createCall").put("user_id", user.id()).put("is_video", false);
        create.set("protocol", TdCalls.protocol());
        td.send(create).whenComplete((callId, err) -> {
            if (err != null) {
                Throwable t = err instanceof CompletionException ? err.getCause() : err;
                call.end(t instanceof TdError e ? TdCalls.outcome(e.code(), e.tdMessage()) : CallOutcome.INTERNAL_ERROR, "createCall: " + t.getMessage());
                return;
            }
            call.id = callId.path("id").asInt();
            calls.put(call.id, call);
            if (call.hungUp.get()) call.discard();
        });
        return call;
    }

    /** One call placed on this line. */
    private final class TdCall implements OutgoingCall {
        private final CallListener listener;
        private final AtomicBoolean over = new AtomicBoolean();
        private final AtomicBoolean hungUp = new AtomicBoolean();
        private volatile int id = -1;
        private volatile boolean ringing;
        private volatile CallEngine engine;
        private volatile long answeredAt;

        TdCall(CallListener listener) {
            this.listener = listener;
        }

        void onState(TdCallState s) {
            switch (s) {
                case TdCallState.Pending p -> {
                    if (p.received() && !ringing) {
                        ringing = true;
                        listener.ringing();
                    }
                }
                case TdCallState.ExchangingKeys k -> { }
                case TdCallState.Ready r -> {
                    if (engine != null || over.get()) return;
                    log.info("line {}: call {} ready, library {}, {} servers, p2p {}, custom parameters {}", name, id,
                            r.params().libraryVersion(), r.params().servers().size(), r.params().allowP2p(), r.params().customParameters());
                    var e = new CallEngine(vertx, r.params(), engineOptions, new CallEngine.Listener() {
                        @Override
                        public void signaling(byte[] blob) {
                            td.send(TdCalls.sendSignaling(id, blob));
                        }

                        @Override
                        public void state(EngineState st) {
                            if (st instanceof EngineState.Failed f) hangupWith(CallOutcome.ANSWERED, "call media failed: " + f.reason(), true);
                        }
                    });
                    engine = e;
                    answeredAt = System.nanoTime();
                    e.begin();
                    listener.accepted(new Voice(e));
                }
                case TdCallState.HangingUp h -> { }
                case TdCallState.Discarded d -> end(engine != null ? CallOutcome.ANSWERED : TdCalls.outcome(d.reason()), "discarded: " + d.reason());
                case TdCallState.Error err -> end(TdCalls.outcome(err.code(), err.message()), "error " + err.code() + " " + err.message());
            }
        }

        void onSignaling(byte[] data) {
            CallEngine e = engine;
            if (e != null) e.receiveSignaling(data);
        }

        void end(CallOutcome outcome, String detail) {
            if (!over.compareAndSet(false, true)) return;
            if (id >= 0) calls.remove(id);
            CallEngine e = engine;
            if (e != null) e.close();
            listener.ended(outcome, detail);
        }

        private void hangupWith(CallOutcome outcome, String detail, boolean disconnected) {
            discard(disconnected);
            end(outcome, detail);
        }

        @Override
        public void hangup() {
            if (!hungUp.compareAndSet(false, true)) return;
            if (id >= 0) discard();
            if (over.compareAndSet(false, true)) {
                if (id >= 0) calls.remove(id);
                CallEngine e = engine;
                if (e != null) e.close();
            }
        }

        void discard() {
            discard(false);
        }

        private void discard(boolean disconnected) {
            if (id < 0) return;
            int duration = answeredAt == 0 ? 0 : (int) ((System.nanoTime() - answeredAt) / 1_000_000_000L);
            td.send(TdCalls.discard(id, disconnected, duration, 0)).exceptionally(t -> null);
        }

        /** The engine as the call's voice; closing it hangs the call up. */
        private final class Voice implements VoiceChannel {
            private final CallEngine e;

            Voice(CallEngine e) {
                this.e = e;
            }

            @Override public void start(OpusSink sink) { e.start(sink); }
            @Override public void sendOpus(byte[] buf, int off, int len, int samples48k) { e.sendOpus(buf, off, len, samples48k); }
            @Override public VoiceStats stats() { return e.stats(); }
            @Override public void close() { hangup(); }
        }
    }

    /** The TDLib client this line talks through (tgari login drives the authorization on it). */
    public TdSession session() {
        return td;
    }

    /** Calls in progress on this line. */
    public int activeCalls() {
        return calls.size();
    }

    @Override
    public void close() {
        calls.values().forEach(TdCall::hangup);
        state = LineState.notReady("line closed");
        onClose.run();
    }
}
