package org.tgari.telegram.tdlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tgari.telegram.tdlib.ScriptedTdSession.node;

import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tgari.routing.CallOutcome;
import org.tgari.routing.Target;
import org.tgari.telegram.CallListener;
import org.tgari.telegram.Lookup;
import org.tgari.telegram.TelegramUser;
import org.tgari.telegram.VoiceChannel;
import org.tgari.voip.engine.EngineState;

/** A TDLib line against a scripted TDLib (the JSON td_api defines), down to a real media engine at the far end. */
class TdLineTest {

    private Vertx vertx;
    private final ScriptedTdSession td = new ScriptedTdSession();
    private TdLine line;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        line = new TdLine("test", td, vertx, "127.0.0.1");
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private void loggedIn() {
        line.onUpdate(node(ScriptedTdSession.authorization("authorizationStateReady")));
    }

    @Test
    void readinessFollowsTheAuthorizationState() {
        assertThat(line.state().ready()).isFalse();
        line.onUpdate(node("{\"@type\":\"updateAuthorizationState\",\"authorization_state\":{\"@type\":\"authorizationStateWaitPhoneNumber\"}}"));
        assertThat(line.state().reason()).contains("WaitPhoneNumber");
        line.onUpdate(node("{\"@type\":\"updateAuthorizationState\",\"authorization_state\":{\"@type\":\"authorizationStateReady\"}}"));
        assertThat(line.state().ready()).isTrue();
    }

    @Test
    void aLoggedInLineWithoutConnectionIsNotReadyAndSaysWhy() throws Exception {
        loggedIn();
        line.onUpdate(node("{\"@type\":\"updateConnectionState\",\"state\":{\"@type\":\"connectionStateWaitingForNetwork\"}}"));
        assertThat(line.state().ready()).isFalse();
        assertThat(line.state().reason()).contains("waits for a network");
        assertThat(((Lookup.Failed) line.lookup(Target.parse("@ann")).get()).outcome()).isEqualTo(CallOutcome.TELEGRAM_UNAVAILABLE);
        line.onUpdate(node("{\"@type\":\"updateConnectionState\",\"state\":{\"@type\":\"connectionStateConnecting\"}}"));
        assertThat(line.state().reason()).contains("connecting to Telegram (Connecting)");
        line.onUpdate(node("{\"@type\":\"updateConnectionState\",\"state\":{\"@type\":\"connectionStateReady\"}}"));
        assertThat(line.state().ready()).isTrue();
        assertThat(line.awaitSettled(java.time.Duration.ofSeconds(1)).ready()).as("logged in, whatever the connection").isTrue();
    }

    @Test
    void lookupsByPhoneUsernameAndId() throws Exception {
        loggedIn();
        td.answer = r -> switch (r.path("@type").asText()) {
            case "searchUserByPhoneNumber" -> r.path("phone_number").asText().equals("15550001")
                    ? CompletableFuture.completedFuture(node("{\"@type\":\"user\",\"id\":42,\"first_name\":\"Ann\",\"last_name\":\"Lee\"}"))
                    : CompletableFuture.failedFuture(new TdError(404, "Not Found"));
            case "searchPublicChat" -> switch (r.path("username").asText()) {
                case "ann" -> CompletableFuture.completedFuture(node("{\"@type\":\"chat\",\"id\":42,\"type\":{\"@type\":\"chatTypePrivate\",\"user_id\":42}}"));
                case "news" -> CompletableFuture.completedFuture(node("{\"@type\":\"chat\",\"id\":-100,\"type\":{\"@type\":\"chatTypeSupergroup\",\"supergroup_id\":1,\"is_channel\":true}}"));
                default -> CompletableFuture.failedFuture(new TdError(400, "USERNAME_NOT_OCCUPIED"));
            };
            case "getUser" -> r.path("user_id").asLong() == 42
                    ? CompletableFuture.completedFuture(node("{\"@type\":\"user\",\"id\":42,\"first_name\":\"Ann\",\"last_name\":\"\"}"))
                    : CompletableFuture.failedFuture(new TdError(404, "Not Found"));
            default -> CompletableFuture.failedFuture(new TdError(400, "unexpected"));
        };
        assertThat(line.lookup(Target.parse("15550001")).get()).isEqualTo(new Lookup.Found(new TelegramUser(42, "Ann Lee", "", "", "Ann", "Lee")));
        assertThat(line.lookup(Target.parse("@ann")).get()).isEqualTo(new Lookup.Found(new TelegramUser(42, "Ann", "", "", "Ann", "")));
        assertThat(line.lookup(Target.parse("*42")).get()).isInstanceOf(Lookup.Found.class);
        assertThat(((Lookup.Failed) line.lookup(Target.parse("@news")).get()).outcome()).isEqualTo(CallOutcome.NOT_A_USER);
        assertThat(((Lookup.Failed) line.lookup(Target.parse("@nobody")).get()).outcome()).isEqualTo(CallOutcome.NOT_FOUND);
        assertThat(((Lookup.Failed) line.lookup(Target.parse("15559999")).get()).outcome()).isEqualTo(CallOutcome.NOT_FOUND);
    }

    /** Records what the line reports about a call. */
    private static final class Events implements CallListener {
        final CountDownLatch ringing = new CountDownLatch(1);
        final CompletableFuture<VoiceChannel> accepted = new CompletableFuture<>();
        final CompletableFuture<CallOutcome> ended = new CompletableFuture<>();

        @Override public void ringing() { ringing.countDown(); }
        @Override public void accepted(VoiceChannel voice) { accepted.complete(voice); }
        @Override public void ended(CallOutcome outcome, String detail) { ended.complete(outcome); }
    }

    private String updateCall(int id, String state) {
        return "{\"@type\":\"updateCall\",\"call\":{\"@type\":\"call\",\"id\":" + id + ",\"user_id\":42,\"is_outgoing\":true,\"is_video\":false,\"state\":" + state + "}}";
    }

    @Test
    void aDeclinedCallRingsThenEndsBusy() throws Exception {
        loggedIn();
        td.answer = r -> CompletableFuture.completedFuture(node("{\"@type\":\"callId\",\"id\":5}"));
        var ev = new Events();
        line.call(new TelegramUser(42, "Ann"), ev);
        assertThat(td.requests.get(0).path("@type").asText()).isEqualTo("createCall");
        assertThat(td.requests.get(0).path("protocol").path("library_versions").get(0).asText()).isEqualTo("8.0.0");
        line.onUpdate(node(updateCall(5, "{\"@type\":\"callStatePending\",\"is_created\":true,\"is_received\":true}")));
        assertThat(ev.ringing.await(1, TimeUnit.SECONDS)).isTrue();
        line.onUpdate(node(updateCall(5, "{\"@type\":\"callStateDiscarded\",\"reason\":{\"@type\":\"callDiscardReasonDeclined\"},\"need_rating\":false,\"need_debug_information\":false,\"need_log\":false}")));
        assertThat(ev.ended.get(1, TimeUnit.SECONDS)).isEqualTo(CallOutcome.BUSY);
        assertThat(line.activeCalls()).isZero();
    }

    @Test
    void aCreateCallErrorBecomesItsOutcome() throws Exception {
        loggedIn();
        td.answer = r -> CompletableFuture.failedFuture(new TdError(400, "USER_PRIVACY_RESTRICTED"));
        var ev = new Events();
        line.call(new TelegramUser(42, "Ann"), ev);
        assertThat(ev.ended.get(1, TimeUnit.SECONDS)).isEqualTo(CallOutcome.PRIVACY_RESTRICTED);
    }

    @Test
    void atReadyTheEngineTalksToTheFarEndThroughTdlibsSignalingRelay() throws Exception {
        loggedIn();
        // the far party, as another Telegram client would be; its signaling reaches us as TDLib updates
        var far = new FarTelegramApp(vertx, line, 5, false, 20, 3);
        td.answer = r -> {
            if ("sendCallSignalingData".equals(r.path("@type").asText())) {
                far.receiveFromLine(r.path("data").asText());
                return CompletableFuture.completedFuture(node("{\"@type\":\"ok\"}"));
            }
            if ("createCall".equals(r.path("@type").asText())) return CompletableFuture.completedFuture(node("{\"@type\":\"callId\",\"id\":5}"));
            return CompletableFuture.completedFuture(node("{\"@type\":\"ok\"}"));
        };
        var ev = new Events();
        line.call(new TelegramUser(42, "Ann"), ev);
        far.engine().begin();
        line.onUpdate(node(updateCall(5, far.readyState())));
        VoiceChannel voice = ev.accepted.get(5, TimeUnit.SECONDS);
        assertThat(far.state.get(10, TimeUnit.SECONDS)).isInstanceOf(EngineState.Connected.class);
        byte[] opus = {(byte) 0xF8, (byte) 0xFF, (byte) 0xFE}; // a valid Opus silence frame
        long timer = vertx.setPeriodic(20, id -> voice.sendOpus(opus, 0, opus.length, 960));
        assertThat(far.heard.await(10, TimeUnit.SECONDS)).as("the far end hears our packets").isTrue();
        vertx.cancelTimer(timer);
        voice.close(); // hanging up discards the call in TDLib
        line.allSettled().get(5, TimeUnit.SECONDS);
        assertThat(td.requests).anyMatch(r -> "discardCall".equals(r.path("@type").asText()) && r.path("call_id").asInt() == 5);
        assertThat(line.activeCalls()).isZero();
        far.close();
    }
}
