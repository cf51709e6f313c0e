package org.tgari.telegram.tdlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tgari.telegram.tdlib.ScriptedTdSession.node;
import static org.tgari.telegram.tdlib.ScriptedTdSession.ok;

import io.vertx.core.Vertx;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tgari.routing.CallOutcome;
import org.tgari.routing.Target;
import org.tgari.telegram.CallListener;
import org.tgari.telegram.InboundHandler;
import org.tgari.telegram.IncomingCall;
import org.tgari.telegram.Lookup;
import org.tgari.telegram.TelegramFailure;
import org.tgari.telegram.TelegramUser;
import org.tgari.telegram.VoiceChannel;
import org.tgari.voip.engine.EngineState;

/** A TDLib line receiving calls and messages, and sending messages, against TDLib's JSON as td_api.tl defines it. */
class TdLineInboundTest {

    private Vertx vertx;
    private final ScriptedTdSession td = new ScriptedTdSession();
    private TdLine line;
    private final BlockingQueue<IncomingCall> offered = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final Events events = new Events();
    private final CompletableFuture<Thread> handlerThread = new CompletableFuture<>();

    /** What the gateway hears about one incoming call. */
    private static final class Events implements CallListener {
        final CompletableFuture<VoiceChannel> accepted = new CompletableFuture<>();
        final CompletableFuture<CallOutcome> ended = new CompletableFuture<>();

        @Override public void ringing() { }
        @Override public void accepted(VoiceChannel voice) { accepted.complete(voice); }
        @Override public void ended(CallOutcome outcome, String detail) { ended.complete(outcome); }
    }

    private final InboundHandler handler = new InboundHandler() {
        @Override
        public CallListener incomingCall(IncomingCall call) {
            handlerThread.complete(Thread.currentThread());
            offered.add(call);
            return events;
        }

        @Override
        public void textMessage(TelegramUser from, String text) {
            texts.add(from.id() + " " + from.displayName() + ": " + text);
        }
    };

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        line = new TdLine("test", td, vertx, "127.0.0.1");
        td.reply("getUser", ScriptedTdSession.user(42, "Ann", "Lee")).reply("acceptCall", "{\"@type\":\"ok\"}")
                .reply("discardCall", "{\"@type\":\"ok\"}").reply("sendCallSignalingData", "{\"@type\":\"ok\"}");
        line.onUpdate(node(ScriptedTdSession.authorization("authorizationStateReady")));
    }

    @AfterEach
    void tearDown() throws Exception {
        line.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static String incoming(int id, String state) {
        return "{\"@type\":\"updateCall\",\"call\":{\"@type\":\"call\",\"id\":" + id + ",\"user_id\":42,\"is_outgoing\":false,\"is_video\":false,\"state\":" + state + "}}";
    }

    private static final String PENDING = "{\"@type\":\"callStatePending\",\"is_created\":true,\"is_received\":true}";

    private static String discarded(String reason) {
        return "{\"@type\":\"callStateDiscarded\",\"reason\":{\"@type\":\"" + reason + "\"},\"need_rating\":false,\"need_debug_information\":false,\"need_log\":false}";
    }

    @Test
    void anAnsweredIncomingCallRunsTheEngineAsTheCalledParty() throws Exception {
        line.setInboundHandler(handler);
        var far = new FarTelegramApp(vertx, line, 7, true, 1, 5);
        CountDownLatch weHeard = new CountDownLatch(20);
        td.on("sendCallSignalingData", r -> {
            far.receiveFromLine(r.path("data").asText());
            return ok("{\"@type\":\"ok\"}");
        });
        line.onUpdate(node(incoming(7, PENDING)));
        IncomingCall call = offered.poll(5, TimeUnit.SECONDS);
        assertThat(call).isNotNull();
        assertThat(call.caller()).isEqualTo(new TelegramUser(42, "Ann Lee", "", "", "Ann", "Lee"));
        // answered from the handler's context, which is the call's: the engine runs there too
        var acceptSent = new CountDownLatch(1);
        td.on("acceptCall", r -> {
            acceptSent.countDown();
            return ok("{\"@type\":\"ok\"}");
        });
        call.answer();
        assertThat(acceptSent.await(5, TimeUnit.SECONDS)).isTrue();
        var accept = td.requestsOf("acceptCall");
        assertThat(accept).hasSize(1);
        assertThat(accept.getFirst().path("call_id").asInt()).isEqualTo(7);
        assertThat(accept.getFirst().path("protocol").path("library_versions").get(0).asText()).isEqualTo("8.0.0");

        line.onUpdate(node(incoming(7, "{\"@type\":\"callStateExchangingKeys\"}")));
        line.onUpdate(node(incoming(7, far.readyState())));
        VoiceChannel voice = events.accepted.get(5, TimeUnit.SECONDS);
        var engineThread = new CompletableFuture<Thread>();
        voice.start((seq, ts, b, off, len) -> {
            engineThread.complete(Thread.currentThread());
            weHeard.countDown();
        });
        far.engine().begin();
        assertThat(far.state.get(10, TimeUnit.SECONDS)).isInstanceOf(EngineState.Connected.class);
        byte[] opus = {(byte) 0xF8, (byte) 0xFF, (byte) 0xFE};
        long timer = vertx.setPeriodic(20, id -> far.engine().sendOpus(opus, 0, opus.length, 960));
        assertThat(weHeard.await(10, TimeUnit.SECONDS)).as("we hear the caller").isTrue();
        assertThat(engineThread.get()).as("the engine delivers on the call's loop, where the handler ran").isSameAs(handlerThread.get());
        vertx.cancelTimer(timer);
        line.onUpdate(node(incoming(7, discarded("callDiscardReasonHungUp"))));
        assertThat(events.ended.get(5, TimeUnit.SECONDS)).isEqualTo(CallOutcome.ANSWERED);
        assertThat(line.activeCalls()).isZero();
        far.close();
    }

    @Test
    void aCallerWhoGivesUpWhileItRingsEndsTheCallCancelled() throws Exception {
        line.setInboundHandler(handler);
        line.onUpdate(node(incoming(8, PENDING)));
        assertThat(offered.poll(5, TimeUnit.SECONDS)).isNotNull();
        line.onUpdate(node(incoming(8, discarded("callDiscardReasonMissed"))));
        assertThat(events.ended.get(5, TimeUnit.SECONDS)).isEqualTo(CallOutcome.CANCELLED);
        assertThat(td.types()).doesNotContain("acceptCall");
        assertThat(line.activeCalls()).isZero();
    }

    @Test
    void withoutAHandlerIncomingCallsAreDeclined() throws Exception {
        line.onUpdate(node(incoming(9, PENDING)));
        line.allSettled().get(5, TimeUnit.SECONDS);
        var discard = td.requestsOf("discardCall").getFirst();
        assertThat(discard.path("call_id").asInt()).isEqualTo(9);
        assertThat(discard.path("duration").asInt()).isZero();
        assertThat(line.activeCalls()).isZero();
    }

    @Test
    void aCallTurnedIntoAGroupCallEndsWithItsOwnOutcome() throws Exception {
        line.setInboundHandler(handler);
        line.onUpdate(node(incoming(10, PENDING)));
        assertThat(offered.poll(5, TimeUnit.SECONDS)).isNotNull();
        line.onUpdate(node(incoming(10, discarded("callDiscardReasonUpgradeToGroupCall"))));
        assertThat(events.ended.get(5, TimeUnit.SECONDS)).isEqualTo(CallOutcome.GROUP_CALL);
    }

    private static String message(long chatId, long senderId, boolean outgoing, String content) {
        return "{\"@type\":\"updateNewMessage\",\"message\":{\"@type\":\"message\",\"id\":1048576,\"sender_id\":{\"@type\":\"messageSenderUser\",\"user_id\":"
                + senderId + "},\"chat_id\":" + chatId + ",\"is_outgoing\":" + outgoing + ",\"date\":1764500000,\"content\":" + content + "}}";
    }

    private static String text(String t) {
        return "{\"@type\":\"messageText\",\"text\":{\"@type\":\"formattedText\",\"text\":\"" + t + "\",\"entities\":[]}}";
    }

    @Test
    void privateTextMessagesReachTheHandlerInOrderAndNothingElseDoes() throws Exception {
        line.setInboundHandler(handler);
        line.onUpdate(node(message(-1001234, 42, false, text("group chatter"))));
        line.onUpdate(node(message(42, 42, true, text("our own"))));
        line.onUpdate(node(message(42, 42, false, "{\"@type\":\"messagePhoto\"}")));
        for (int i = 1; i <= 5; i++) line.onUpdate(node(message(42, 42, false, text("digit " + i))));
        for (int i = 1; i <= 5; i++) assertThat(texts.poll(5, TimeUnit.SECONDS)).isEqualTo("42 Ann Lee: digit " + i);
        assertThat(texts).isEmpty();
    }

    @Test
    void theWritersAndCallersProfileIsReadOnceAndCached() throws Exception {
        td.reply("getUser", """
                {"@type":"user","id":42,"first_name":"Ann","last_name":"Lee","phone_number":"4915112345678",
                 "usernames":{"@type":"usernames","active_usernames":["ann_lee"],"disabled_usernames":[],"editable_username":"ann_lee"},
                 "type":{"@type":"userTypeRegular"}}""");
        var from = new CompletableFuture<TelegramUser>();
        line.setInboundHandler(new InboundHandler() {
            @Override public CallListener incomingCall(IncomingCall call) { offered.add(call); return events; }
            @Override public void textMessage(TelegramUser user, String text) { from.complete(user); texts.add(text); }
        });
        line.onUpdate(node(message(42, 42, false, text("1"))));
        line.onUpdate(node(incoming(11, PENDING)));
        assertThat(from.get(5, TimeUnit.SECONDS)).isEqualTo(new TelegramUser(42, "Ann Lee", "ann_lee", "4915112345678", "Ann", "Lee"));
        IncomingCall call = offered.poll(5, TimeUnit.SECONDS);
        assertThat(call).isNotNull();
        assertThat(call.caller().phone()).as("allowlists and caller-ID templates by phone need it").isEqualTo("4915112345678");
        assertThat(call.caller().username()).isEqualTo("ann_lee");
        assertThat(td.requestsOf("getUser")).as("the second time comes from the cache").hasSize(1);
    }

    @Test
    void aTdlibThatDoesNotDescribeTheWriterDelaysTheMessageOnlyBoundedly() throws Exception {
        td.on("getUser", r -> new CompletableFuture<>());
        line.setInboundHandler(handler);
        long start = System.nanoTime();
        line.onUpdate(node(message(42, 42, false, text("5"))));
        assertThat(texts.poll(TdTargetResolver.USER_WAIT_MS + 5000, TimeUnit.MILLISECONDS)).isEqualTo("42 user 42: 5");
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(TdTargetResolver.USER_WAIT_MS);
    }

    @Test
    void aTextIsDeliveredWhenTheServerConfirmsIt() throws Exception {
        td.reply("createPrivateChat", "{\"@type\":\"chat\",\"id\":42,\"type\":{\"@type\":\"chatTypePrivate\",\"user_id\":42}}")
                .reply("sendMessage", "{\"@type\":\"message\",\"id\":5,\"chat_id\":42,\"is_outgoing\":true,\"sending_state\":{\"@type\":\"messageSendingStatePending\",\"sending_id\":1}}");
        var sent = line.sendText(new TelegramUser(42, "Ann"), "Call from +4930123 for you");
        var req = td.requestsOf("sendMessage").getFirst();
        assertThat(req.path("chat_id").asLong()).isEqualTo(42);
        assertThat(req.path("input_message_content").path("text").path("text").asText()).isEqualTo("Call from +4930123 for you");
        assertThat(sent).isNotDone();
        line.onUpdate(node("{\"@type\":\"updateMessageSendSucceeded\",\"message\":{\"@type\":\"message\",\"id\":1048577},\"old_message_id\":5}"));
        sent.get(5, TimeUnit.SECONDS);

        var refused = line.sendText(new TelegramUser(42, "Ann"), "again");
        line.onUpdate(node("{\"@type\":\"updateMessageSendFailed\",\"message\":{\"@type\":\"message\",\"id\":5},\"old_message_id\":5,"
                + "\"error\":{\"@type\":\"error\",\"code\":403,\"message\":\"USER_IS_BLOCKED\"}}"));
        assertThatThrownBy(() -> refused.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TelegramFailure.class).hasMessageContaining("USER_IS_BLOCKED");
        assertThatThrownBy(() -> line.sendText(new TelegramUser(42, "Ann"), "x".repeat(4097)).get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(TelegramFailure.class).hasMessageContaining("4096");
    }

    @Test
    void aLineThatIsNotLoggedInRefusesEverythingWithItsReason() throws Exception {
        line.onUpdate(node(ScriptedTdSession.authorization("authorizationStateWaitPhoneNumber")));
        int before = td.requests.size();
        var l = (Lookup.Failed) line.lookup(Target.parse("@ann")).get(1, TimeUnit.SECONDS);
        assertThat(l.outcome()).isEqualTo(CallOutcome.TELEGRAM_UNAVAILABLE);
        assertThat(l.detail()).contains("tgari login test");
        var ended = new CompletableFuture<CallOutcome>();
        line.call(new TelegramUser(42, "Ann"), new CallListener() {
            @Override public void ringing() { }
            @Override public void accepted(VoiceChannel voice) { }
            @Override public void ended(CallOutcome outcome, String detail) { ended.complete(outcome); }
        });
        assertThat(ended.get(1, TimeUnit.SECONDS)).isEqualTo(CallOutcome.TELEGRAM_UNAVAILABLE);
        assertThatThrownBy(() -> line.sendText(new TelegramUser(42, "Ann"), "hi").get(1, TimeUnit.SECONDS)).hasCauseInstanceOf(TelegramFailure.class);
        assertThat(td.requests).as("nothing was asked of TDLib").hasSize(before);
    }
}
