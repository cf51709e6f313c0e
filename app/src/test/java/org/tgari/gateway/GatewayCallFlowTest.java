package org.tgari.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tgari.ari.AriEvent;
import org.tgari.routing.CallOutcome;
import org.tgari.routing.Target;
import org.tgari.telegram.CallListener;
import org.tgari.telegram.InboundHandler;
import org.tgari.telegram.LineState;
import org.tgari.telegram.Lookup;
import org.tgari.telegram.OutgoingCall;
import org.tgari.telegram.TelegramLine;
import org.tgari.telegram.TelegramUser;
import org.tgari.telegram.VoiceChannel;
import org.tgari.telegram.VoiceStats;
import org.tgari.telegram.sim.SimulatedTelegram;

/** The call state machine against a scripted ARI and the simulated Telegram network, without Asterisk. */
class GatewayCallFlowTest {

    private FlowRig rig;
    private FakeAriClient ari;
    private SimulatedTelegram telegram;
    private ContextPool contexts;
    private Gateway gateway;

    private static final String NO_ANSWER_TIMER = "no-answer-timer";

    @BeforeEach
    void setUp(org.junit.jupiter.api.TestInfo test) throws Exception {
        // Only tests tagged for it want the no-answer timer to fire; elsewhere a loaded machine must not make it race the test.
        String noAnswerTimeout = test.getTags().contains(NO_ANSWER_TIMER) ? "300ms" : "60s";
        rig = FlowRig.start();
        ari = rig.ari();
        telegram = rig.telegram();
        contexts = rig.contexts();
        gateway = rig.gateway(Map.of("calls.no-answer-timeout", noAnswerTimeout));
    }

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    private void stasisStart(String channel, String... args) {
        gateway.event(new AriEvent.StasisStart(channel, "PJSIP/tester-1", List.of(args), "tester", Map.of()));
    }

    private double outcomes(String tag) {
        return rig.outcomes("tgari.calls", tag);
    }

    @Test
    void echoCallRingsThenAnswersOnlyAfterTelegramAccepts() throws Exception {
        sip1IsAnsweredOnAnEchoCall();

        gateway.event(new AriEvent.StasisEnd("sip1"));
        assertThat(List.of(ari.next(), ari.next())).containsExactlyInAnyOrder("hangup tgari-t-em-1 16", "destroy tgari-t-br-1");
        rig.awaitNoCalls();
        assertThat(outcomes("answered")).isEqualTo(1);
        assertThat(telegram.activeCalls()).isZero();
        assertThat(contexts.load()).as("the ended call gave its loop back").containsOnly(0);
        assertThat(ari.requests).noneMatch(r -> r.startsWith("hangup sip1"));
    }

    /** The line under test, whose calls' media path comes up when the test says so. */
    private final class HeldMediaLine implements TelegramLine {
        final CompletableFuture<Void> mediaUp = new CompletableFuture<>();
        volatile boolean asked;
        volatile CallListener gateway;

        @Override public String name() { return telegram.name(); }
        @Override public LineState state() { return telegram.state(); }
        @Override public CompletableFuture<Lookup> lookup(Target target) { return telegram.lookup(target); }
        @Override public void setInboundHandler(InboundHandler handler) { telegram.setInboundHandler(handler); }
        @Override public CompletableFuture<Void> sendText(TelegramUser to, String text) { return telegram.sendText(to, text); }
        @Override public void close() { }

        @Override
        public OutgoingCall call(TelegramUser user, CallListener listener) {
            gateway = listener;
            return telegram.call(user, new CallListener() {
                @Override public void ringing() { listener.ringing(); }
                @Override public void ended(CallOutcome outcome, String detail) { listener.ended(outcome, detail); }

                @Override
                public void accepted(VoiceChannel voice) {
                    listener.accepted(new VoiceChannel() {
                        @Override public void start(OpusSink sink) { voice.start(sink); }
                        @Override public void sendOpus(byte[] b, int off, int len, int samples) { voice.sendOpus(b, off, len, samples); }
                        @Override public VoiceStats stats() { return voice.stats(); }
                        @Override public void close() { voice.close(); }

                        @Override
                        public CompletableFuture<Void> mediaUp() {
                            asked = true;
                            return mediaUp;
                        }
                    });
                }
            });
        }
    }

    private HeldMediaLine gatewayWithHeldMedia() {
        var line = new HeldMediaLine();
        gateway = rig.gateway(line, Map.of(), "h");
        return line;
    }

    @Test
    void theCallerIsAnsweredOnlyOnceTheTelegramMediaPathIsUp() throws Exception {
        var line = sip1WaitsForTheMediaPath();
        assertThat(ari.requests).as("not answered while the path is not up").noneMatch(r -> r.startsWith("answer"));
        line.mediaUp.complete(null);
        assertThat(ari.next()).isEqualTo("answer sip1");
        gateway.event(new AriEvent.StasisEnd("sip1"));
        rig.awaitNoCalls();
        assertThat(outcomes("answered")).isEqualTo(1);
    }

    @Test
    void aMediaPathThatNeverComesUpEndsTheCallUnanswered() throws Exception {
        var line = sip1WaitsForTheMediaPath();
        line.mediaUp.completeExceptionally(new IllegalStateException("ICE failed"));
        rig.awaitNoCalls();
        assertThat(outcomes("internal_error")).isEqualTo(1);
        assertThat(ari.requests).noneMatch(r -> r.startsWith("answer"));
        assertThat(ari.requests).contains("hangup sip1 38");
    }

    @Test
    void stoppingTgariCountsAConnectedCallAsAnsweredAndARingingOneAsShutDown() throws Exception {
        sip1IsAnsweredOnAnEchoCall();
        stasisStart("sip2", "dial", "@noanswer");
        assertThat(ari.next()).isEqualTo("ring sip2");
        rig.awaitTrue("both calls up", () -> gateway.describeCalls().stream().anyMatch(c -> "Connected".equals(c.get("state"))));
        assertThat(gateway.describeCalls()).as("/calls shows whom each call dials, since when and how long")
                .anySatisfy(c -> assertThat(c).containsEntry("target", "@noanswer").containsKeys("startedAt", "durationMs"))
                .anySatisfy(c -> assertThat(c).containsEntry("target", "@echo"));
        gateway.endAll("tgari is shutting down");
        rig.awaitNoCalls();
        assertThat(outcomes("answered")).as("the connected call").isEqualTo(1);
        assertThat(outcomes("shut_down")).as("the ringing call").isEqualTo(1);
        assertThat(outcomes("internal_error")).isZero();
        assertThat(ari.requests).contains("hangup sip2 34");
    }

    @Test
    void shuttingDownRefusesNewCallersAndCompletesOnlyOnceAsteriskAnsweredTheHangUps() throws Exception {
        sip1IsAnsweredOnAnEchoCall();
        var asteriskAnswers = new CompletableFuture<Void>();
        ari.teardownReply = asteriskAnswers;
        CompletableFuture<Void> down = gateway.shutDown();
        assertThat(List.of(ari.next(), ari.next(), ari.next()))
                .containsExactlyInAnyOrder("hangup tgari-t-em-1 16", "destroy tgari-t-br-1", "hangup sip1 16");
        stasisStart("sip2", "dial", "@echo");
        assertThat(ari.next()).as("a new caller hears 503, as when no tgari runs").isEqualTo("hangup sip2 34");
        assertThat(down).as("Asterisk has not answered the hang-ups yet").isNotDone();
        asteriskAnswers.complete(null);
        down.get(5, TimeUnit.SECONDS);
        assertThat(gateway.activeCalls()).isZero();
        assertThat(outcomes("answered")).isEqualTo(1);
        assertThat(telegram.activeCalls()).as("the Telegram side was hung up").isZero();
    }

    @Test
    void drainingRefusesNewCallersAndLetsTheCallInProgressFinish() throws Exception {
        sip1IsAnsweredOnAnEchoCall();
        rig.awaitTrue("the call connected", () -> gateway.describeCalls().stream().anyMatch(c -> "Connected".equals(c.get("state"))));
        CompletableFuture<Void> drained = gateway.drain();
        stasisStart("sip2", "dial", "@echo");
        assertThat(ari.next()).as("a new caller hears 503").isEqualTo("hangup sip2 34");
        assertThat(drained).as("the call in progress goes on").isNotDone();
        assertThat(gateway.describeCalls()).singleElement().satisfies(c -> assertThat(c).containsEntry("state", "Connected"));
        gateway.event(new AriEvent.StasisEnd("sip1")); // the caller hangs up when done
        drained.get(5, TimeUnit.SECONDS);
        assertThat(outcomes("answered")).isEqualTo(1);
        assertThat(outcomes("shut_down")).as("nothing was cut short").isZero();
    }

    @Test
    void drainingWithoutCallsCompletesAtOnce() {
        assertThat(gateway.drain()).isDone();
        assertThat(gateway.draining()).isTrue();
    }

    @Test
    void shuttingDownWithoutCallsCompletesAtOnce() {
        assertThat(gateway.shutDown()).isDone();
    }

    @Test
    void aBridgeCreatedAfterTheCallEndedIsDestroyed() throws Exception {
        ari.bridgeReply = new CompletableFuture<>();
        stasisStart("sip1", "dial", "@echo");
        assertThat(ari.next()).isEqualTo("ring sip1");
        assertThat(ari.next()).startsWith("externalMedia");
        assertThat(ari.next()).isEqualTo("bridge tgari-t-br-1 mixing,dtmf_events");
        gateway.event(new AriEvent.StasisEnd("sip1")); // the caller leaves while Asterisk creates the bridge
        assertThat(ari.next()).isEqualTo("hangup tgari-t-em-1 16");
        rig.awaitNoCalls();
        ari.bridgeReply.complete(null);
        assertThat(ari.next()).as("the late bridge is not left behind").isEqualTo("destroy tgari-t-br-1");
    }

    @Test
    void aMediaChannelCreatedAfterTheCallEndedIsHungUp() throws Exception {
        ari.externalMediaReply = new CompletableFuture<>();
        stasisStart("sip1", "dial", "@echo");
        assertThat(ari.next()).isEqualTo("ring sip1");
        assertThat(ari.next()).isEqualTo("externalMedia tgari-t-em-1 udp ulaw");
        gateway.event(new AriEvent.StasisEnd("sip1"));
        rig.awaitNoCalls();
        ari.externalMediaReply.complete(null);
        assertThat(ari.next()).as("the late media channel is not left behind").isEqualTo("hangup tgari-t-em-1 16");
    }

    @Test
    void aTelegramUserHangingUpBeforeTheCallerWasAnsweredDeclinesTheCall() throws Exception {
        var line = gatewayWithHeldMedia();
        stasisStart("sip1", "dial", "@hangup1");
        rig.awaitNoCalls();
        assertThat(outcomes("declined")).as("accepted, then gone before the caller was answered: declined, not answered").isEqualTo(1);
        assertThat(outcomes("answered")).isZero();
        assertThat(ari.requests).noneMatch(r -> r.startsWith("answer"));
        assertThat(ari.requests).contains("hangup sip1 21");
        assertThat(telegram.activeCalls()).isZero();
    }

    @Test
    void aTelegramUserHangingUpWhileTheCallerIsBeingAnsweredCountsAsAnswered() throws Exception {
        var line = sip1IsBeingAnsweredWithAsterisksReplyHeld();
        // Asterisk is answering the caller (200 OK on its way) when the Telegram user hangs up
        line.gateway.ended(CallOutcome.ANSWERED, "the far end hung up");
        ari.answerReply.complete(null);
        rig.awaitNoCalls();
        assertThat(outcomes("answered")).as("the caller was answered, if only just").isEqualTo(1);
        assertThat(outcomes("declined")).isZero();
        assertThat(ari.requests).as("the hang-up follows the answer's reply: it cannot overtake the answer")
                .endsWith("answer sip1", "hangup tgari-h-em-1 16", "destroy tgari-h-br-1", "hangup sip1 16");
    }

    @Test
    void aCallerWhoLeavesWhileBeingBridgedIsCancelledThoughAsteriskRefusesTheBridgeBeforeItsLeaveEvent() throws Exception {
        ari.addToBridgeReply = new CompletableFuture<>();
        stasisStart("sip1", "dial", "@echo");
        bridgesSip1WithItsMediaChannel("t");
        rig.awaitCallContextIdle(); // the call now waits for Asterisk's reply
        // The caller hung up as the bridge was asked for: Asterisk's reply comes first, its StasisEnd after.
        ari.addToBridgeReply.completeExceptionally(new org.tgari.ari.AriException(
                "add [sip1, tgari-t-em-1] to bridge tgari-t-br-1 failed: Channel not found (HTTP 404)", 404, null));
        gateway.event(new AriEvent.StasisEnd("sip1"));
        rig.awaitNoCalls();
        assertThat(outcomes("cancelled")).as("the caller left").isEqualTo(1);
        assertThat(outcomes("internal_error")).isZero();
        assertThat(ari.requests).as("the gone caller is not hung up again").noneMatch(r -> r.startsWith("hangup sip1"))
                .contains("hangup tgari-t-em-1 16", "destroy tgari-t-br-1");
    }

    @Test
    void aRefusedBridgeWhoseCallerDoesNotLeaveIsAnInternalErrorAfterABoundedWait() throws Exception {
        ari.addToBridgeReply = new CompletableFuture<>();
        stasisStart("sip1", "dial", "@echo");
        bridgesSip1WithItsMediaChannel("t");
        ari.addToBridgeReply.completeExceptionally(new java.util.concurrent.CompletionException(new org.tgari.ari.AriException(
                "add [sip1, tgari-t-em-1] to bridge tgari-t-br-1 failed: Channel not found (HTTP 400)", 400, null)));
        rig.awaitNoCalls();
        assertThat(outcomes("internal_error")).isEqualTo(1);
        assertThat(ari.requests).contains("hangup sip1 38");
    }

    @Test
    void aCallerBeingAnsweredWhenTheAriEventsDropCountsAsAnsweredOnceAsteriskConfirmsTheAnswer() throws Exception {
        sip1IsBeingAnsweredWithAsterisksReplyHeld();
        // The events socket drops while the answer is on its way; REST still works, so the phone is answered.
        gateway.disconnected("test");
        ari.answerReply.complete(null);
        rig.awaitNoCalls();
        assertThat(outcomes("answered")).as("the phone was answered").isEqualTo(1);
        assertThat(outcomes("internal_error")).isZero();
        assertThat(ari.requests).contains("hangup sip1 16");
    }

    @Test
    void aCallerWhoseAnswerFailsAfterTheAriEventsDroppedIsAnInternalError() throws Exception {
        sip1IsBeingAnsweredWithAsterisksReplyHeld();
        gateway.disconnected("test");
        ari.answerReply.completeExceptionally(new org.tgari.ari.AriException("answer sip1 failed: Connection refused", 0, null));
        rig.awaitNoCalls();
        assertThat(outcomes("internal_error")).isEqualTo(1);
        assertThat(ari.requests).contains("hangup sip1 38");
    }

    @Test
    void aCallerWhoHangsUpAsTheAnswerGoesThroughCountsAsAnswered() throws Exception {
        sip1IsBeingAnsweredWithAsterisksReplyHeld();
        // 200 OK and the phone's hang-up crossed: Asterisk confirms the answer after the caller's leave event
        gateway.event(new AriEvent.StasisEnd("sip1"));
        ari.answerReply.complete(null);
        rig.awaitNoCalls();
        assertThat(outcomes("answered")).as("the phone was answered before it hung up").isEqualTo(1);
        assertThat(outcomes("cancelled")).isZero();
        assertThat(ari.requests).noneMatch(r -> r.startsWith("hangup sip1"));
    }

    @Test
    void aCallEndedBeforeItsMediaPathCameUpDoesNotAnswerTheCaller() throws Exception {
        var line = sip1WaitsForTheMediaPath();
        rig.awaitCallContextIdle();
        gateway.disconnected("test"); // ends the call: not answered yet
        line.mediaUp.complete(null);  // the path comes up just after
        rig.awaitCallContextIdle();
        rig.awaitNoCalls();
        assertThat(outcomes("internal_error")).isEqualTo(1);
        assertThat(ari.requests).as("an ended call's caller is not answered").noneMatch(r -> r.startsWith("answer"));
    }

    @Test
    void aTimedDeclineHangsTheCallerUpWithCause21() throws Exception {
        stasisStart("sip2", "dial", "@decline20");
        assertThat(ari.next()).isEqualTo("ring sip2");
        assertThat(ari.next()).isEqualTo("hangup sip2 21");
        rig.awaitNoCalls();
        assertThat(outcomes("declined")).isEqualTo(1);
    }

    @Test
    void busyUserHangsTheUnansweredChannelUpWithCause17() throws Exception {
        stasisStart("sip2", "dial", "15550003");
        assertThat(ari.next()).isEqualTo("ring sip2");
        assertThat(ari.next()).isEqualTo("hangup sip2 17");
        rig.awaitNoCalls();
        assertThat(outcomes("busy")).isEqualTo(1);
        assertThat(ari.requests).noneMatch(r -> r.startsWith("answer"));
    }

    @Test
    void unknownAndInvalidTargets() throws Exception {
        stasisStart("sip3", "dial", "@nobody");
        assertThat(ari.next()).isEqualTo("hangup sip3 1");
        stasisStart("sip4", "dial", "1-2");
        assertThat(ari.next()).isEqualTo("hangup sip4 28");
        stasisStart("sip5", "frobnicate");
        assertThat(ari.next()).isEqualTo("hangup sip5 28");
        rig.awaitNoCalls();
        assertThat(outcomes("not_found")).isEqualTo(1);
        assertThat(outcomes("invalid_target")).isEqualTo(1);
    }

    @Test
    @org.junit.jupiter.api.Tag(NO_ANSWER_TIMER)
    void noAnswerTimesOutWith480Cause() throws Exception {
        stasisStart("sip6", "dial", "*1004");
        assertThat(ari.next()).isEqualTo("ring sip6");
        assertThat(ari.next()).isEqualTo("hangup sip6 19");
        rig.awaitNoCalls();
        assertThat(telegram.activeCalls()).isZero();
        assertThat(outcomes("no_answer")).isEqualTo(1);
    }

    @Test
    void callerHangingUpWhileRingingCancelsTheTelegramCall() throws Exception {
        stasisStart("sip7", "dial", "noanswer");
        assertThat(ari.next()).isEqualTo("ring sip7");
        gateway.event(new AriEvent.ChannelHangupRequest("sip7", 16));
        rig.awaitNoCalls();
        assertThat(outcomes("cancelled")).isEqualTo(1);
        assertThat(telegram.activeCalls()).isZero();
        assertThat(ari.requests).containsExactly("ring sip7");
    }

    @Test
    void failedMediaSetupIsAnInternalErrorAndReleasesEverything() throws Exception {
        ari.failExternalMedia = true;
        stasisStart("sip8", "dial", "echo");
        assertThat(ari.next()).isEqualTo("ring sip8");
        assertThat(ari.next()).isEqualTo("externalMedia tgari-t-em-1 udp ulaw");
        assertThat(ari.next()).isEqualTo("hangup sip8 38");
        rig.awaitNoCalls();
        assertThat(outcomes("internal_error")).isEqualTo(1);
        assertThat(telegram.activeCalls()).isZero();
    }

    @Test
    void ariLossEndsCallsInFlight() throws Exception {
        stasisStart("sip9", "dial", "noanswer");
        assertThat(ari.next()).isEqualTo("ring sip9");
        gateway.disconnected("test");
        assertThat(ari.next()).isEqualTo("hangup sip9 38");
        rig.awaitNoCalls();
        assertThat(telegram.activeCalls()).isZero();
    }

    /** sip1's call to @echo, answered: the Telegram user accepted, the media path came up, Asterisk was asked to answer. */
    private void sip1IsAnsweredOnAnEchoCall() throws InterruptedException {
        stasisStart("sip1", "dial", "@echo");
        bridgesSip1WithItsMediaChannel("t");
        assertThat(ari.next()).isEqualTo("answer sip1");
    }

    /** sip1's call to @echo on a {@link HeldMediaLine}, bridged and waiting for the Telegram media path. */
    private HeldMediaLine sip1WaitsForTheMediaPath() throws InterruptedException {
        var line = gatewayWithHeldMedia();
        stasisStart("sip1", "dial", "@echo");
        bridgesSip1WithItsMediaChannel("h");
        rig.awaitTrue("the gateway waits for the media path", () -> line.asked);
        return line;
    }

    /** As {@link #sip1WaitsForTheMediaPath}, then the path comes up and the answer goes out; Asterisk's reply waits for the test. */
    private HeldMediaLine sip1IsBeingAnsweredWithAsterisksReplyHeld() throws Exception {
        ari.answerReply = new CompletableFuture<>();
        var line = sip1WaitsForTheMediaPath();
        line.mediaUp.complete(null);
        assertThat(ari.next()).isEqualTo("answer sip1");
        rig.awaitCallContextIdle(); // the call now waits for the answer's reply
        return line;
    }

    /** sip1's call to a Telegram user that answers: rung, its ExternalMedia channel made, entered and bridged. */
    private void bridgesSip1WithItsMediaChannel(String instance) throws InterruptedException {
        String media = "tgari-" + instance + "-em-1", bridge = "tgari-" + instance + "-br-1";
        assertThat(ari.next()).isEqualTo("ring sip1");
        assertThat(ari.next()).isEqualTo("externalMedia " + media + " udp ulaw");
        assertThat(ari.next()).isEqualTo("bridge " + bridge + " mixing,dtmf_events");
        gateway.event(new AriEvent.StasisStart(media, "UnicastRTP/127.0.0.1", List.of(), "", Map.of()));
        assertThat(ari.next()).isEqualTo("add " + bridge + " sip1," + media);
    }

    private String reconcileBarrierToken() throws InterruptedException {
        String r = ari.next();
        assertThat(r).startsWith("userEvent TgariReconcile telegram {token=");
        return r.substring(r.indexOf("{token=") + 7, r.length() - 1);
    }

    @Test
    void reconnectReleasesWhatAnEarlierProcessLeftButNotTheLiveCall() throws Exception {
        sip1IsAnsweredOnAnEchoCall();

        // A killed process (instance "dead") left its caller, media channel and bridges; another app has its own.
        ari.application = java.util.Optional.of(new org.tgari.ari.AriClient.Application("telegram",
                List.of("sip1", "tgari-t-em-1", "stranded", "tgari-dead-em-1"), List.of("tgari-t-br-1", "tgari-dead-br-1")));
        ari.bridges = List.of(new org.tgari.ari.AriClient.BridgeSummary("tgari-t-br-1", "telegram"),
                new org.tgari.ari.AriClient.BridgeSummary("tgari-dead-br-1", "telegram"),
                new org.tgari.ari.AriClient.BridgeSummary("tgari-dead-br-2", "telegram"),
                new org.tgari.ari.AriClient.BridgeSummary("tgari-x-br-1", "other-app"),
                new org.tgari.ari.AriClient.BridgeSummary("conference", "telegram"));
        gateway.connected();
        String token = reconcileBarrierToken();
        gateway.event(new AriEvent.UserEvent("TgariReconcile", "telegram", Map.of("token", "stale")));
        gateway.event(new AriEvent.UserEvent("TgariReconcile", "telegram", Map.of("token", token)));
        assertThat(List.of(ari.next(), ari.next(), ari.next(), ari.next())).containsExactlyInAnyOrder(
                "hangup stranded 34", "hangup tgari-dead-em-1 34", "destroy tgari-dead-br-1", "destroy tgari-dead-br-2");
        // The barrier is used once: a repeat (or a late duplicate) releases nothing more.
        gateway.event(new AriEvent.UserEvent("TgariReconcile", "telegram", Map.of("token", token)));
        assertThat(gateway.activeCalls()).isEqualTo(1);
        assertThat(ari.requests).noneMatch(r -> r.startsWith("hangup sip1") || r.startsWith("hangup tgari-t-em-1")
                || r.equals("destroy tgari-t-br-1") || r.contains("tgari-x-br-1") || r.contains("conference"));
        assertThat(ari.requestQueue).isEmpty();
        gateway.endAll("test over");
        rig.awaitNoCalls();
    }

    @Test
    @org.junit.jupiter.api.Tag(NO_ANSWER_TIMER)
    void aChannelThatEntersStasisBeforeTheBarrierBecomesACallNotAStray() throws Exception {
        ari.application = java.util.Optional.of(new org.tgari.ari.AriClient.Application("telegram", List.of("sip2"), List.of()));
        gateway.connected();
        String token = reconcileBarrierToken();
        // Its StasisStart was on the websocket before the barrier.
        stasisStart("sip2", "dial", "@noanswer");
        assertThat(ari.next()).isEqualTo("ring sip2");
        gateway.event(new AriEvent.UserEvent("TgariReconcile", "telegram", Map.of("token", token)));
        assertThat(ari.next()).as("the no-answer timeout, not the reconcile, ends it").isEqualTo("hangup sip2 19");
    }
}
