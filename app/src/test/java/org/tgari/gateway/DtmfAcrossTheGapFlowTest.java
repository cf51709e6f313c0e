package org.tgari.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tgari.ari.AriEvent;
import org.tgari.routing.Target;
import org.tgari.telegram.CallListener;
import org.tgari.telegram.InboundHandler;
import org.tgari.telegram.LineState;
import org.tgari.telegram.Lookup;
import org.tgari.telegram.OutgoingCall;
import org.tgari.telegram.TelegramFailure;
import org.tgari.telegram.TelegramLine;
import org.tgari.telegram.TelegramUser;
import org.tgari.telegram.sim.SimulatedTelegram;

/**
 * Digits and caller info across the gap, against a scripted ARI and the simulated network: the SIP side's
 * DTMF reaching the Telegram peer as chat, the peer's keypad chat played as DTMF, and the "call from" notice.
 */
class DtmfAcrossTheGapFlowTest {

    private static final long ECHO = 1001;

    private FlowRig rig;
    private FakeAriClient ari;
    private SimulatedTelegram telegram;
    private RecordingLine line;
    private Gateway gateway;

    @BeforeEach
    void setUp() throws Exception {
        rig = FlowRig.start(10);
        ari = rig.ari();
        telegram = rig.telegram();
        line = new RecordingLine();
    }

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    private void gatewayWith(Map<String, String> routing) {
        gateway = rig.gateway(line, routing);
    }

    // --- SIP → Telegram

    @Test
    void sipDigitsWithinTheGapReachTheCalledUserAsOneMessageAndAPauseStartsAnother() throws Exception {
        gatewayWith(Map.of("line.main.dtmf-to-chat", "true"));
        connectedOutboundCallTo("@echo", "", "");
        for (String d : List.of("1", "2", "3")) gateway.event(new AriEvent.ChannelDtmfReceived("sip1", d, 100));
        rig.awaitTrue("the first message", () -> !telegram.inboxes().of(ECHO).isEmpty());
        assertThat(telegram.inboxes().of(ECHO)).containsExactly("123");
        // after the first message went out, the gap has passed: the next digit is a message of its own
        gateway.event(new AriEvent.ChannelDtmfReceived("sip1", "4", 100));
        rig.awaitTrue("the second message", () -> telegram.inboxes().of(ECHO).size() == 2);
        assertThat(telegram.inboxes().of(ECHO)).containsExactly("123", "4");

        gateway.event(new AriEvent.ChannelDtmfReceived("sip1", "5", 100));
        gateway.event(new AriEvent.StasisEnd("sip1"));
        rig.awaitNoCalls();
        assertThat(telegram.inboxes().of(ECHO)).as("the digit still pending went out when the call ended").containsExactly("123", "4", "5");
        assertThat(ari.requests).as("@echo does not write the digits back during the call, so nothing loops")
                .noneMatch(r -> r.startsWith("dtmf"));
    }

    @Test
    void sipDigitsStayOffTheChatByDefault() throws Exception {
        gatewayWith(Map.of());
        connectedOutboundCallTo("@echo", "", "");
        for (String d : List.of("1", "2")) gateway.event(new AriEvent.ChannelDtmfReceived("sip1", d, 100));
        gateway.event(new AriEvent.StasisEnd("sip1"));
        rig.awaitNoCalls();
        // with dtmf-to-chat on, the end of the call would have sent the pending digits at once
        assertThat(telegram.inboxes().of(ECHO)).isEmpty();
    }

    @Test
    void theDigitsOfAnInboundCallsSipSideReachTheCaller() throws Exception {
        gatewayWith(Map.of("line.main.inbound.mode", "extension", "line.main.inbound.extension", "100", "line.main.dtmf-to-chat", "true"));
        OutgoingCall caller = connectedInboundCallFrom(ECHO);
        String sip = "tgari-t-in-1";
        gateway.event(new AriEvent.ChannelDtmfReceived(sip, "4", 100));
        gateway.event(new AriEvent.ChannelDtmfReceived(sip, "2", 100));
        rig.awaitTrue("the message", () -> !telegram.inboxes().of(ECHO).isEmpty());
        assertThat(telegram.inboxes().of(ECHO)).containsExactly("42");

        telegram.deliverText(ECHO, "*9");
        rig.awaitTrue("the caller's digits played", () -> ari.requests.contains("dtmf " + sip + " *9"));
        caller.hangup();
        rig.awaitNoCalls();
    }

    // --- Telegram → SIP

    @Test
    void theCalledUsersKeypadChatIsPlayedToTheCallerAndOtherChatIsNot() throws Exception {
        gatewayWith(Map.of());
        connectedOutboundCallTo("@echo", "", "");
        telegram.deliverText(ECHO, "12#");
        telegram.deliverText(ECHO, "hello");
        telegram.deliverText(1002, "9");
        telegram.deliverText(ECHO, " 7\n");
        // one user's messages reach the call in order, so "7" comes after whatever "hello" would have caused
        rig.awaitTrue("the last digits played", () -> ari.requests.contains("dtmf sip1 7"));
        assertThat(ari.requests.stream().filter(r -> r.startsWith("dtmf")).toList()).containsExactly("dtmf sip1 12#", "dtmf sip1 7");
        gateway.event(new AriEvent.StasisEnd("sip1"));
        rig.awaitNoCalls();
    }

    @Test
    void chatBeforeTheCallIsConnectedIsNotPlayed() throws Exception {
        line.calls = (user, listener) -> () -> { };
        gatewayWith(Map.of());
        gateway.event(new AriEvent.StasisStart("sip1", "PJSIP/tester-1", List.of("dial", "@echo"), "tester", Map.of()));
        assertThat(ari.next()).isEqualTo("ring sip1");
        rig.awaitTrue("the Telegram call rings", () -> line.log.contains("call " + ECHO));
        telegram.deliverText(ECHO, "12");
        gateway.event(new AriEvent.StasisEnd("sip1"));
        rig.awaitNoCalls();
        assertThat(ari.requests).noneMatch(r -> r.startsWith("dtmf"));
    }

    // --- the "call from" notice

    @Test
    void theNoticeNamesTheSipCallerBeforeTheTelegramUserRings() throws Exception {
        gatewayWith(Map.of("line.main.call-notice", "Call from {name} {number}"));
        gateway.event(new AriEvent.StasisStart("sip1", "PJSIP/tester-1", List.of("dial", "@echo"), "200", Map.of(), "Eve\u0007\r\nAdams"));
        rig.awaitTrue("the Telegram call rings", () -> line.log.contains("call " + ECHO));
        assertThat(line.log).as("control characters in the caller's name do not reach the message")
                .startsWith("text " + ECHO + " Call from Eve Adams 200", "call " + ECHO);
        gateway.event(new AriEvent.StasisEnd("sip1"));
        rig.awaitNoCalls();
    }

    @Test
    void aNoticeThatFailsOrHangsDoesNotStopTheCall() throws Exception {
        gatewayWith(Map.of("line.main.call-notice", "Call from {number}"));
        line.texts = (to, text) -> CompletableFuture.failedFuture(new TelegramFailure("refused"));
        gateway.event(new AriEvent.StasisStart("sip1", "PJSIP/tester-1", List.of("dial", "@echo"), "200", Map.of()));
        rig.awaitTrue("the Telegram call rings after a failed notice", () -> line.log.contains("call " + ECHO));
        gateway.event(new AriEvent.StasisEnd("sip1"));
        rig.awaitNoCalls();

        line.log.clear();
        line.texts = (to, text) -> new CompletableFuture<>();
        long before = System.nanoTime();
        gateway.event(new AriEvent.StasisStart("sip2", "PJSIP/tester-2", List.of("dial", "@echo"), "200", Map.of()));
        rig.awaitTrue("the Telegram call rings although the notice never completes", () -> line.log.contains("call " + ECHO));
        assertThat(Duration.ofNanos(System.nanoTime() - before)).as("not before the bound").isGreaterThanOrEqualTo(Duration.ofMillis(OutboundCall.NOTICE_WAIT_MS));
        gateway.event(new AriEvent.StasisEnd("sip2"));
        rig.awaitNoCalls();
    }

    @Test
    void noNoticeByDefault() throws Exception {
        gatewayWith(Map.of());
        connectedOutboundCallTo("@echo", "Reception", "200");
        gateway.event(new AriEvent.StasisEnd("sip1"));
        rig.awaitNoCalls();
        assertThat(telegram.inboxes().of(ECHO)).isEmpty();
        assertThat(line.log).noneMatch(e -> e.startsWith("text"));
    }

    // --- helpers

    /** sip1 dials {@code target}, which answers: rung, bridged with its media channel, answered, connected. */
    private void connectedOutboundCallTo(String target, String callerName, String callerNumber) throws Exception {
        gateway.event(new AriEvent.StasisStart("sip1", "PJSIP/tester-1", List.of("dial", target), callerNumber, Map.of(), callerName));
        assertThat(ari.next()).isEqualTo("ring sip1");
        assertThat(ari.next()).isEqualTo("externalMedia tgari-t-em-1 udp ulaw");
        assertThat(ari.next()).isEqualTo("bridge tgari-t-br-1 mixing,dtmf_events");
        gateway.event(new AriEvent.StasisStart("tgari-t-em-1", "UnicastRTP/127.0.0.1", List.of(), "", Map.of()));
        assertThat(ari.next()).isEqualTo("add tgari-t-br-1 sip1,tgari-t-em-1");
        assertThat(ari.next()).isEqualTo("answer sip1");
        rig.awaitTrue("connected", () -> "Connected".equals(gateway.describeCalls().getFirst().get("state")));
    }

    /** The simulated user calls the line in extension mode; the SIP side answers and both are bridged. */
    private OutgoingCall connectedInboundCallFrom(long user) throws Exception {
        String sip = "tgari-t-in-1";
        OutgoingCall caller = telegram.ringLine(user);
        assertThat(ari.next()).startsWith("originate Local/100@from-telegram " + sip);
        gateway.event(new AriEvent.ChannelStateChange(sip, "Up"));
        gateway.event(new AriEvent.StasisStart(sip, "Local/100@from-telegram-00000001;1", List.of("inbound"), "", Map.of()));
        assertThat(ari.next()).isEqualTo("externalMedia tgari-t-em-1 udp ulaw");
        assertThat(ari.next()).isEqualTo("bridge tgari-t-br-1 mixing,dtmf_events");
        gateway.event(new AriEvent.StasisStart("tgari-t-em-1", "UnicastRTP/127.0.0.1", List.of(), "", Map.of()));
        assertThat(ari.next()).isEqualTo("add tgari-t-br-1 " + sip + ",tgari-t-em-1");
        // the engine's own 20 s limit decides a path that does not come up; the bound only stops a hung test
        rig.awaitTrue("connected", () -> "Connected".equals(gateway.describeCalls().getFirst().get("state")), 25);
        return caller;
    }

    /** The simulated line, logging texts and calls in the order the gateway makes them; either can be replaced. */
    private final class RecordingLine implements TelegramLine {
        final List<String> log = new CopyOnWriteArrayList<>();
        volatile BiFunction<TelegramUser, String, CompletableFuture<Void>> texts = (to, text) -> telegram.sendText(to, text);
        volatile BiFunction<TelegramUser, CallListener, OutgoingCall> calls = (user, listener) -> telegram.call(user, listener);

        @Override public String name() { return telegram.name(); }
        @Override public LineState state() { return telegram.state(); }
        @Override public CompletableFuture<Lookup> lookup(Target target) { return telegram.lookup(target); }
        @Override public void setInboundHandler(InboundHandler handler) { telegram.setInboundHandler(handler); }
        @Override public void close() { }

        @Override
        public CompletableFuture<Void> sendText(TelegramUser to, String text) {
            log.add("text " + to.id() + " " + text);
            return texts.apply(to, text);
        }

        @Override
        public OutgoingCall call(TelegramUser user, CallListener listener) {
            log.add("call " + user.id());
            return calls.apply(user, listener);
        }
    }
}
