package org.tgari.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tgari.ari.AriEvent;
import org.tgari.routing.Target;
import org.tgari.telegram.CallListener;
import org.tgari.telegram.InboundHandler;
import org.tgari.telegram.IncomingCall;
import org.tgari.telegram.LineState;
import org.tgari.telegram.Lookup;
import org.tgari.telegram.OutgoingCall;
import org.tgari.telegram.TelegramLine;
import org.tgari.telegram.TelegramUser;
import org.tgari.telegram.sim.SimulatedTelegram;

/** Incoming Telegram calls in extension mode against a scripted ARI and the simulated Telegram network. */
class InboundCallFlowTest {

    private static final String SIP = "tgari-t-in-1";
    private static final String MEDIA = "tgari-t-em-1";
    private static final String BRIDGE = "tgari-t-br-1";

    private FlowRig rig;
    private FakeAriClient ari;
    private SimulatedTelegram telegram;
    private AnswerCountingLine line;
    private Gateway gateway;

    @BeforeEach
    void setUp() throws Exception {
        rig = FlowRig.start();
        ari = rig.ari();
        telegram = rig.telegram();
        line = new AnswerCountingLine();
        gatewayWith(Map.of("line.main.inbound.mode", "extension", "line.main.inbound.extension", "100",
                "line.main.inbound.context", "from-telegram"));
    }

    private void gatewayWith(Map<String, String> routing) {
        gateway = rig.gateway(line, routing);
    }

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    @Test
    void theTelegramCallRingsUntilTheSipSideAnswersThenBothAreBridged() throws Exception {
        OutgoingCall caller = telegram.ringLine(1001);
        assertThat(ari.next()).isEqualTo("originate Local/100@from-telegram " + SIP + " \"echo\" <+15550001>");
        var originate = ari.originated.getFirst();
        assertThat(originate.app()).isEqualTo("telegram");
        assertThat(originate.variables()).containsEntry("TELEGRAM_USER_ID", "1001").containsEntry("TELEGRAM_USERNAME", "echo")
                .containsEntry("TELEGRAM_PHONE", "15550001").containsEntry("TELEGRAM_LINE", "main");

        gateway.event(new AriEvent.ChannelStateChange(SIP, "Ringing"));
        assertThat(rig.onlyCall()).containsEntry("state", "Originating").containsEntry("direction", "inbound");
        assertThat(line.answers.get()).as("the Telegram call stays unanswered while the SIP side rings").isZero();

        theSipSideAnswersAndTheCallGetsItsMediaChannelAndBridge();
        gateway.event(new AriEvent.StasisStart(MEDIA, "UnicastRTP/127.0.0.1", List.of(), "", Map.of()));
        assertThat(ari.next()).isEqualTo("add " + BRIDGE + " " + SIP + "," + MEDIA);
        // the engine's own 20 s limit decides a path that does not come up; the bound only stops a hung test
        rig.awaitTrue("connected", () -> rig.onlyCall().get("state").equals("Connected"), 25);
        assertThat(ari.requests).as("the originated channel is answered by the phone, not by tgari").noneMatch(r -> r.startsWith("answer"));

        caller.hangup();
        assertThat(List.of(ari.next(), ari.next(), ari.next()))
                .containsExactlyInAnyOrder("hangup " + MEDIA + " 16", "destroy " + BRIDGE, "hangup " + SIP + " 16");
        rig.awaitNoCalls();
        assertThat(rig.outcomes("tgari.calls", "answered")).isEqualTo(1);
        assertThat(rig.outcomes("tgari.inbound.sip_leg", "answered")).isEqualTo(1);
    }

    @Test
    void aSipSideThatHangsUpWhileBeingBridgedDeclinesTheCallThoughAsteriskRefusesTheBridgeBeforeItsLeaveEvent() throws Exception {
        ari.addToBridgeReply = new CompletableFuture<>();
        telegram.ringLine(1001);
        assertThat(ari.next()).startsWith("originate Local/100@from-telegram " + SIP);
        theSipSideAnswersAndTheCallGetsItsMediaChannelAndBridge();
        gateway.event(new AriEvent.StasisStart(MEDIA, "UnicastRTP/127.0.0.1", List.of(), "", Map.of()));
        assertThat(ari.next()).isEqualTo("add " + BRIDGE + " " + SIP + "," + MEDIA);
        rig.awaitCallContextIdle(); // the call now waits for Asterisk's reply
        // The SIP side hung up as the bridge was asked for: Asterisk's refusal comes before its leave events.
        ari.addToBridgeReply.completeExceptionally(new org.tgari.ari.AriException(
                "add [" + SIP + ", " + MEDIA + "] to bridge " + BRIDGE + " failed: Channel not found (HTTP 400)", 400, null));
        gateway.event(new AriEvent.ChannelHangupRequest(SIP, 16));
        gateway.event(new AriEvent.StasisEnd(SIP));
        rig.awaitNoCalls();
        assertThat(rig.outcomes("tgari.calls", "declined")).as("the SIP side hung up before the caller could talk").isEqualTo(1);
        assertThat(rig.outcomes("tgari.calls", "internal_error")).isZero();
        assertThat(ari.requests).as("a gone channel is not hung up again").noneMatch(r -> r.startsWith("hangup " + SIP))
                .contains("hangup " + MEDIA + " 16", "destroy " + BRIDGE);
        rig.awaitTrue("the Telegram call ended", () -> telegram.activeCalls() == 0);
    }

    @Test
    void aTelegramCallerWhoHangsUpWhileBeingBridgedIsCancelled() throws Exception {
        ari.bridgeReply = new CompletableFuture<>();
        OutgoingCall caller = telegram.ringLine(1001);
        assertThat(ari.next()).startsWith("originate Local/100@from-telegram " + SIP);
        theSipSideAnswersAndTheCallGetsItsMediaChannelAndBridge();
        caller.hangup(); // accepted, not yet connected: the caller leaves
        assertThat(ari.next()).isEqualTo("hangup " + MEDIA + " 16");
        rig.awaitNoCalls();
        assertThat(rig.outcomes("tgari.calls", "cancelled")).as("the caller left before it was connected").isEqualTo(1);
        assertThat(rig.outcomes("tgari.calls", "internal_error")).isZero();
        assertThat(ari.requests).contains("hangup " + SIP + " 16");
    }

    @Test
    void aBusySipSideDeclinesTheTelegramCallWithoutTouchingAsteriskAgain() throws Exception {
        telegram.ringLine(1001);
        assertThat(ari.next()).startsWith("originate Local/100@from-telegram " + SIP);
        gateway.event(new AriEvent.ChannelHangupRequest(SIP, 17));
        gateway.event(new AriEvent.ChannelDestroyed(SIP, 17, "User busy"));
        rig.awaitNoCalls();
        rig.awaitTrue("the Telegram call is declined", () -> telegram.activeCalls() == 0);
        assertThat(line.answers.get()).isZero();
        assertThat(rig.outcomes("tgari.calls", "busy")).isEqualTo(1);
        assertThat(rig.outcomes("tgari.inbound.sip_leg", "busy")).isEqualTo(1);
        assertThat(ari.requests).as("a gone channel is not hung up again").containsExactly(ari.requests.getFirst());
    }

    @Test
    void aCallerWhoGivesUpWhileTheSipSideRingsHangsTheOriginatedChannelUp() throws Exception {
        OutgoingCall caller = telegram.ringLine(1001);
        assertThat(ari.next()).startsWith("originate Local/100@from-telegram " + SIP);
        gateway.event(new AriEvent.ChannelStateChange(SIP, "Ringing"));
        caller.hangup();
        assertThat(ari.next()).isEqualTo("hangup " + SIP + " 16");
        rig.awaitNoCalls();
        assertThat(rig.outcomes("tgari.calls", "cancelled")).isEqualTo(1);
        assertThat(line.answers.get()).isZero();
    }

    @Test
    void aFailedOriginateDeclinesTheTelegramCall() throws Exception {
        ari.failOriginate = true;
        telegram.ringLine(1001);
        assertThat(ari.next()).startsWith("originate ");
        rig.awaitNoCalls();
        rig.awaitTrue("the Telegram call is declined", () -> telegram.activeCalls() == 0);
        assertThat(rig.outcomes("tgari.calls", "internal_error")).isEqualTo(1);
    }

    @Test
    void rejectModeAndRefusedCallersAreDeclinedWithoutAsterisk() throws Exception {
        gatewayWith(Map.of());
        telegram.ringLine(1001);
        rig.awaitTrue("declined", () -> telegram.activeCalls() == 0);

        gatewayWith(Map.of("line.main.inbound.mode", "extension", "line.main.inbound.extension", "100",
                "line.main.inbound.deny", "@echo"));
        telegram.ringLine(1001);
        rig.awaitTrue("declined", () -> telegram.activeCalls() == 0);
        assertThat(ari.requests).isEmpty();
        assertThat(line.answers.get()).isZero();
    }

    @Test
    void shuttingDownEndsARingingInboundCallAndItsSipSide() throws Exception {
        telegram.ringLine(1001);
        assertThat(ari.next()).startsWith("originate ");
        gateway.shutDown();
        assertThat(ari.next()).isEqualTo("hangup " + SIP + " 16");
        rig.awaitNoCalls();
        rig.awaitTrue("the Telegram call is declined", () -> telegram.activeCalls() == 0);
        assertThat(rig.outcomes("tgari.calls", "shut_down")).isEqualTo(1);
    }

    /** The originated channel answers: the Telegram call is answered, the channel enters Stasis, media channel and bridge are asked for. */
    private void theSipSideAnswersAndTheCallGetsItsMediaChannelAndBridge() throws InterruptedException {
        gateway.event(new AriEvent.ChannelStateChange(SIP, "Up"));
        rig.awaitTrue("the Telegram call is answered once the SIP side is", () -> line.answers.get() == 1);
        gateway.event(new AriEvent.StasisStart(SIP, "Local/100@from-telegram-00000001;1", List.of("inbound"), "", Map.of()));
        assertThat(ari.next()).isEqualTo("externalMedia " + MEDIA + " udp ulaw");
        assertThat(ari.next()).isEqualTo("bridge " + BRIDGE + " mixing,dtmf_events");
    }

    /** The simulated line, counting how often the gateway answers an incoming call. */
    private final class AnswerCountingLine implements TelegramLine {
        final AtomicInteger answers = new AtomicInteger();

        @Override public String name() { return telegram.name(); }
        @Override public LineState state() { return telegram.state(); }
        @Override public CompletableFuture<Lookup> lookup(Target target) { return telegram.lookup(target); }
        @Override public OutgoingCall call(TelegramUser user, CallListener listener) { return telegram.call(user, listener); }
        @Override public CompletableFuture<Void> sendText(TelegramUser to, String text) { return telegram.sendText(to, text); }
        @Override public void close() { }

        @Override
        public void setInboundHandler(InboundHandler handler) {
            telegram.setInboundHandler(new InboundHandler() {
                @Override
                public CallListener incomingCall(IncomingCall call) {
                    return handler.incomingCall(new IncomingCall() {
                        @Override public TelegramUser caller() { return call.caller(); }
                        @Override public void hangup() { call.hangup(); }

                        @Override
                        public void answer() {
                            answers.incrementAndGet();
                            call.answer();
                        }
                    });
                }

                @Override
                public void textMessage(TelegramUser from, String text) { handler.textMessage(from, text); }
            });
        }
    }
}
