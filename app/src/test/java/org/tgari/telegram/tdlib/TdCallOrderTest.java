package org.tgari.telegram.tdlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tgari.telegram.tdlib.ScriptedTdSession.node;
import static org.tgari.telegram.tdlib.ScriptedTdSession.ok;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tgari.routing.CallOutcome;
import org.tgari.telegram.CallListener;
import org.tgari.telegram.IncomingCall;
import org.tgari.telegram.InboundHandler;
import org.tgari.telegram.OutgoingCall;
import org.tgari.telegram.TelegramUser;
import org.tgari.telegram.VoiceChannel;

/**
 * A TDLib line's calls when TDLib's answers, its updates, the gateway and the engine come in the orders
 * they can come in: TDLib answers on its receive thread, updates arrive on the line's update thread, the
 * gateway hangs up from its own. Here the test thread plays TDLib and holds answers back to force each order.
 */
class TdCallOrderTest {

    private Vertx vertx;
    private final ScriptedTdSession td = new ScriptedTdSession();
    private TdLine line;
    private final AtomicBoolean closedAfterDiscardAnswered = new AtomicBoolean();
    private final CompletableFuture<JsonNode> heldDiscard = new CompletableFuture<>();

    /** What the gateway hears about a call, and on which thread. */
    private static final class Events implements CallListener {
        final List<String> heard = new CopyOnWriteArrayList<>();
        final CompletableFuture<VoiceChannel> accepted = new CompletableFuture<>();
        final CompletableFuture<CallOutcome> ended = new CompletableFuture<>();
        final CompletableFuture<Thread> endedOn = new CompletableFuture<>();

        @Override public void ringing() { heard.add("ringing"); }
        @Override public void accepted(VoiceChannel voice) { heard.add("accepted"); accepted.complete(voice); }
        @Override public void ended(CallOutcome outcome, String detail) {
            heard.add("ended " + outcome.tag());
            endedOn.complete(Thread.currentThread());
            ended.complete(outcome);
        }
    }

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        line = new TdLine("order", td, vertx, "127.0.0.1", null, TdLine.Settings.defaults(),
                () -> closedAfterDiscardAnswered.set(heldDiscard.isDone()));
        td.reply("discardCall", "{\"@type\":\"ok\"}").reply("sendCallSignalingData", "{\"@type\":\"ok\"}")
                .reply("getUser", ScriptedTdSession.user(42, "Ann", "Lee")).reply("acceptCall", "{\"@type\":\"ok\"}");
        line.onUpdate(node(ScriptedTdSession.authorization("authorizationStateReady")));
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static String updateCall(int id, boolean outgoing, String state) {
        return "{\"@type\":\"updateCall\",\"call\":{\"@type\":\"call\",\"id\":" + id + ",\"user_id\":42,\"is_outgoing\":" + outgoing
                + ",\"is_video\":false,\"state\":" + state + "}}";
    }

    private static final String RINGING = "{\"@type\":\"callStatePending\",\"is_created\":true,\"is_received\":true}";

    private static String discarded(String reason) {
        return "{\"@type\":\"callStateDiscarded\",\"reason\":{\"@type\":\"" + reason + "\"},\"need_rating\":false,"
                + "\"need_debug_information\":false,\"need_log\":false}";
    }

    /** callStateReady with no servers: an engine that starts and waits (8.0.0), or one that fails at once (an unknown version). */
    private static String ready(String version) {
        return "{\"@type\":\"callStateReady\",\"protocol\":{\"@type\":\"callProtocol\",\"udp_p2p\":true,\"udp_reflector\":true,"
                + "\"min_layer\":65,\"max_layer\":92,\"library_versions\":[\"" + version + "\"]},\"servers\":[],\"config\":\"{}\","
                + "\"encryption_key\":\"" + Base64.getEncoder().encodeToString(new byte[256]) + "\",\"emojis\":[],\"allow_p2p\":false,"
                + "\"is_group_call_supported\":false,\"custom_parameters\":\"\"}";
    }

    private OutgoingCall place(Events ev) {
        return line.call(new TelegramUser(42, "Ann"), ev);
    }

    private void settled() throws Exception {
        line.allSettled().get(5, TimeUnit.SECONDS);
    }

    private List<Integer> discards() {
        return td.requestsOf("discardCall").stream().map(r -> r.path("call_id").asInt()).toList();
    }

    @Test
    void aCallHungUpBeforeCreateCallAnswersIsDiscardedOnceItsIdComesAndLeavesTheTable() throws Exception {
        var create = new CompletableFuture<JsonNode>();
        td.on("createCall", r -> create);
        var ev = new Events();
        OutgoingCall call = place(ev);
        call.hangup(); // the caller gave up while TDLib still works on createCall
        create.complete(node("{\"@type\":\"callId\",\"id\":5}")); // TDLib's receive thread answers
        settled();
        assertThat(discards()).containsExactly(5);
        assertThat(line.activeCalls()).as("the call left the line's table").isZero();
        line.onUpdate(node(updateCall(5, true, discarded("callDiscardReasonHungUp")))); // TDLib confirms
        settled();
        assertThat(ev.heard).as("we hung up: the gateway hears nothing more").isEmpty();
        assertThat(line.activeCalls()).isZero();
    }

    @Test
    void aCallWhosePeerDiscardedFirstIsNotDiscardedAgainWhenTheGatewayHangsUp() throws Exception {
        td.reply("createCall", "{\"@type\":\"callId\",\"id\":6}");
        var ev = new Events();
        OutgoingCall call = place(ev);
        line.onUpdate(node(updateCall(6, true, ready("8.0.0"))));
        VoiceChannel voice = ev.accepted.get(5, TimeUnit.SECONDS);
        line.onUpdate(node(updateCall(6, true, discarded("callDiscardReasonHungUp"))));
        ev.ended.get(5, TimeUnit.SECONDS);
        voice.close(); // the gateway ends its side, which hangs the Telegram call up
        call.hangup();
        settled();
        assertThat(discards()).as("Telegram ended the call: nothing to discard").isEmpty();
        assertThat(line.activeCalls()).isZero();
    }

    @Test
    void aCallHungUpBeforeThePeersDiscardArrivesIsDiscardedOnce() throws Exception {
        td.reply("createCall", "{\"@type\":\"callId\",\"id\":7}");
        var ev = new Events();
        place(ev);
        line.onUpdate(node(updateCall(7, true, ready("8.0.0"))));
        VoiceChannel voice = ev.accepted.get(5, TimeUnit.SECONDS);
        voice.close(); // hangs up
        line.onUpdate(node(updateCall(7, true, discarded("callDiscardReasonHungUp")))); // the peer's end crosses ours
        settled();
        assertThat(discards()).containsExactly(7);
        assertThat(ev.heard).containsExactly("accepted");
        assertThat(line.activeCalls()).isZero();
    }

    @Test
    void anEngineFailingBeforeTheMediaConnectedEndsTheCallAsAnInternalErrorWithOneDiscard() throws Exception {
        td.reply("createCall", "{\"@type\":\"callId\",\"id\":8}");
        var ev = new Events();
        place(ev);
        line.onUpdate(node(updateCall(8, true, ready("1.0.0")))); // the engine cannot speak it and fails at once
        VoiceChannel voice = ev.accepted.get(5, TimeUnit.SECONDS);
        assertThat(ev.ended.get(5, TimeUnit.SECONDS)).as("nobody talked: not answered").isEqualTo(CallOutcome.INTERNAL_ERROR);
        voice.close(); // the gateway closes what it was given
        settled();
        var sent = td.requestsOf("discardCall");
        assertThat(sent).hasSize(1);
        assertThat(sent.getFirst().path("is_disconnected").asBoolean()).as("the media failed").isTrue();
    }

    @Test
    void updatesThatComeBeforeCreateCallsAnswerReachTheCall() throws Exception {
        var create = new CompletableFuture<JsonNode>();
        td.on("createCall", r -> create);
        var ev = new Events();
        place(ev);
        // TDLib's update thread runs ahead of its answer to createCall
        line.onUpdate(node(updateCall(9, true, RINGING)));
        line.onUpdate(node(updateCall(9, true, discarded("callDiscardReasonDeclined"))));
        create.complete(node("{\"@type\":\"callId\",\"id\":9}"));
        assertThat(ev.ended.get(5, TimeUnit.SECONDS)).isEqualTo(CallOutcome.BUSY);
        settled();
        assertThat(ev.heard).containsExactly("ringing", "ended busy");
        assertThat(line.activeCalls()).isZero();
        assertThat(discards()).isEmpty();
    }

    @Test
    void outgoingUpdatesOfCallsThisLineDidNotPlaceAreNotKept() throws Exception {
        td.reply("createCall", "{\"@type\":\"callId\",\"id\":11}");
        // another app of the account calls someone: no createCall of ours is waiting, so nothing is kept for id 10
        line.onUpdate(node(updateCall(10, true, RINGING)));
        var ev = new Events();
        place(ev);
        line.onUpdate(node(updateCall(11, true, discarded("callDiscardReasonMissed"))));
        assertThat(ev.ended.get(5, TimeUnit.SECONDS)).isEqualTo(CallOutcome.NO_ANSWER);
        assertThat(ev.heard).containsExactly("ended no_answer");
    }

    @Test
    void theIncomingCallHandlerRunsOnTheCallsEventLoopNotOnTdlibsThread() throws Exception {
        var handlerContext = new CompletableFuture<Context>();
        var handlerThread = new CompletableFuture<Thread>();
        var ev = new Events();
        line.setInboundHandler(new InboundHandler() {
            @Override
            public CallListener incomingCall(IncomingCall call) {
                handlerContext.complete(Vertx.currentContext());
                handlerThread.complete(Thread.currentThread());
                return ev;
            }

            @Override
            public void textMessage(TelegramUser from, String text) { }
        });
        // the test thread plays TDLib's: the update arrives on it and getUser answers on it at once
        line.onUpdate(node(updateCall(12, false, RINGING)));
        Context ctx = handlerContext.get(5, TimeUnit.SECONDS);
        assertThat(ctx).as("the handler runs on a Vert.x context").isNotNull();
        assertThat(ctx.isEventLoopContext()).isTrue();
        assertThat(handlerThread.get()).isNotSameAs(Thread.currentThread());
        line.onUpdate(node(updateCall(12, false, discarded("callDiscardReasonMissed"))));
        assertThat(ev.ended.get(5, TimeUnit.SECONDS)).isEqualTo(CallOutcome.CANCELLED);
        assertThat(ev.endedOn.get()).as("the call's callbacks come on the handler's context").isSameAs(handlerThread.get());
    }

    @Test
    void closingTheLineWaitsForTdlibToAnswerTheDiscards() throws Exception {
        td.reply("createCall", "{\"@type\":\"callId\",\"id\":13}");
        var discardSent = new CountDownLatch(1);
        td.on("discardCall", r -> {
            discardSent.countDown();
            return heldDiscard;
        });
        var ev = new Events();
        place(ev);
        line.onUpdate(node(updateCall(13, true, RINGING)));
        var closed = CompletableFuture.runAsync(line::close);
        assertThat(discardSent.await(5, TimeUnit.SECONDS)).isTrue();
        heldDiscard.complete(node("{\"@type\":\"ok\"}"));
        closed.get(10, TimeUnit.SECONDS);
        assertThat(closedAfterDiscardAnswered).as("the TDLib client closed only after TDLib answered discardCall").isTrue();
        assertThat(discards()).containsExactly(13);
    }

    @Test
    void closingTheLineSendsNoDiscardForACallTelegramEnded() throws Exception {
        td.reply("createCall", "{\"@type\":\"callId\",\"id\":14}");
        var ev = new Events();
        place(ev);
        line.onUpdate(node(updateCall(14, true, discarded("callDiscardReasonMissed"))));
        ev.ended.get(5, TimeUnit.SECONDS);
        line.close();
        assertThat(discards()).isEmpty();
        assertThat(line.allSettled()).isDone();
    }
}
