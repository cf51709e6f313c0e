package org.tgari.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tgari.ari.AriEvent;
import org.tgari.telegram.OutgoingCall;
import org.tgari.telegram.sim.SimulatedTelegram;

/**
 * Incoming Telegram calls on a line in ask mode against a scripted ARI and the simulated Telegram network:
 * the call is accepted at once, held in a bridge of its own with the prompt, and the extension comes from
 * the caller's chat.
 */
class InboundAskFlowTest {

    private static final long CALLER = 1001;
    private static final String SIP = "tgari-t-in-1";
    private static final String MEDIA = "tgari-t-em-1";
    private static final String BRIDGE = "tgari-t-br-1";
    private static final String PROMPT = "sound:vm-enter-num-to-call";
    private static final String AGAIN = "sound:pbx-invalid,sound:please-try-again," + PROMPT;

    private FlowRig rig;
    private FakeAriClient ari;
    private SimulatedTelegram telegram;
    private Gateway gateway;

    @BeforeEach
    void setUp() throws Exception {
        // the engine's own 20 s limit decides a media path that does not come up; the rig's bound only stops a hung test
        rig = FlowRig.start(25);
        ari = rig.ari();
        telegram = rig.telegram();
        gatewayWith(Map.of());
    }

    private void gatewayWith(Map<String, String> ask) {
        Map<String, String> keys = new HashMap<>(Map.of("line.main.inbound.mode", "ask", "line.main.inbound.context", "from-telegram"));
        keys.putAll(ask);
        gateway = rig.gateway(keys);
    }

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    @Test
    void theCallerIsAcceptedAtOnceAskedAndConnectedToTheExtensionTheyWrite() throws Exception {
        OutgoingCall caller = telegram.ringLine(CALLER);
        holdsTheCaller();
        assertThat(ari.next()).isEqualTo("playOnBridge " + BRIDGE + " " + playback(1) + " " + PROMPT);
        assertThat(rig.onlyCall()).containsEntry("state", "Asking").containsEntry("mode", "ask");

        telegram.deliverText(CALLER, " 100 ");
        assertThat(ari.next()).as("the prompt stops once the extension is named").isEqualTo("stopPlayback " + playback(1));
        assertThat(ari.next()).as("ringback while it rings").isEqualTo("playOnBridge " + BRIDGE + " " + playback(2) + " tone:ring");
        assertThat(ari.next()).isEqualTo("originate Local/100@from-telegram " + SIP + " \"echo\" <+15550001>");
        assertThat(ari.originated.getFirst().variables()).containsEntry("TELEGRAM_USER_ID", "1001").containsEntry("TELEGRAM_LINE", "main");

        gateway.event(new AriEvent.ChannelStateChange(SIP, "Ringing"));
        gateway.event(new AriEvent.ChannelStateChange(SIP, "Up"));
        gateway.event(new AriEvent.StasisStart(SIP, "Local/100@from-telegram-00000001;1", List.of("inbound"), "", Map.of()));
        assertThat(ari.next()).as("the ringback stops before the extension joins").isEqualTo("stopPlayback " + playback(2));
        assertThat(ari.next()).as("the answered extension joins the caller's bridge").isEqualTo("add " + BRIDGE + " " + SIP);
        rig.awaitTrue("connected", () -> rig.onlyCall().get("state").equals("Connected"));

        caller.hangup();
        assertThat(List.of(ari.next(), ari.next(), ari.next()))
                .containsExactlyInAnyOrder("hangup " + MEDIA + " 16", "destroy " + BRIDGE, "hangup " + SIP + " 16");
        rig.awaitNoCalls();
        assertThat(rig.outcomes("tgari.calls", "answered")).isEqualTo(1);
        assertThat(rig.outcomes("tgari.inbound.sip_leg", "answered")).isEqualTo(1);
        assertThat(ari.requests).as("the originated channel is answered by the phone, not by tgari").noneMatch(r -> r.startsWith("answer"));
    }

    @Test
    void anExtensionWrittenBeforeTheCallIsDialledWithoutAPrompt() throws Exception {
        telegram.deliverText(CALLER, "hello");
        telegram.deliverText(CALLER, "100");
        telegram.ringLine(CALLER);
        holdsTheCaller();
        assertThat(ari.next()).isEqualTo("playOnBridge " + BRIDGE + " " + playback(1) + " tone:ring");
        assertThat(ari.next()).isEqualTo("originate Local/100@from-telegram " + SIP + " \"echo\" <+15550001>");
        assertThat(ari.requests).as("no prompt").noneMatch(r -> r.contains("sound:"));
    }

    @Test
    void aWrongTextCostsATryAndTheNextOneIsDialled() throws Exception {
        theCallerRingsAndIsHeldHearingThePrompt();

        telegram.deliverText(CALLER, "Hi, Ann please");
        assertThat(ari.next()).isEqualTo("stopPlayback " + playback(1));
        assertThat(ari.next()).isEqualTo("playOnBridge " + BRIDGE + " " + playback(2) + " " + AGAIN);
        // the end of a stopped prompt changes nothing
        gateway.event(new AriEvent.PlaybackFinished(playback(1), "bridge:" + BRIDGE, "done"));

        telegram.deliverText(CALLER, "100");
        dials("100", SIP, 3);
    }

    @Test
    void aRefusedOriginateAndAnExtensionThatDoesNotExistCostATryEach() throws Exception {
        OutgoingCall caller = telegram.ringLine(CALLER);
        holdsTheCaller();
        assertThat(ari.next()).startsWith("playOnBridge " + BRIDGE + " " + playback(1));

        ari.failOriginate = true;
        telegram.deliverText(CALLER, "100");
        dials("100", SIP, 2);
        assertThat(ari.next()).isEqualTo("stopPlayback " + playback(2));
        assertThat(ari.next()).isEqualTo("playOnBridge " + BRIDGE + " " + playback(3) + " " + AGAIN);

        ari.failOriginate = false;
        telegram.deliverText(CALLER, "999");
        String second = SIP + "-2";
        dials("999", second, 4);
        gateway.event(new AriEvent.ChannelHangupRequest(second, 1));
        gateway.event(new AriEvent.ChannelDestroyed(second, 1, "Unallocated (unassigned) number"));
        assertThat(ari.next()).isEqualTo("stopPlayback " + playback(4));
        assertThat(ari.next()).isEqualTo("playOnBridge " + BRIDGE + " " + playback(5) + " " + AGAIN);
        assertThat(rig.outcomes("tgari.inbound.sip_leg", "not_found")).isEqualTo(1);

        telegram.deliverText(CALLER, "101");
        String third = SIP + "-3";
        dials("101", third, 6);
        gateway.event(new AriEvent.StasisStart(third, "Local/101@from-telegram-00000003;1", List.of("inbound"), "", Map.of()));
        assertThat(ari.next()).isEqualTo("stopPlayback " + playback(6));
        assertThat(ari.next()).isEqualTo("add " + BRIDGE + " " + third);
        rig.awaitTrue("connected", () -> rig.onlyCall().get("state").equals("Connected"));
        // a late event of an earlier try's channel is not the connected one's
        gateway.event(new AriEvent.StasisEnd(second));
        assertThat(rig.onlyCall()).containsEntry("state", "Connected");

        caller.hangup();
        assertThat(List.of(ari.next(), ari.next(), ari.next()))
                .containsExactlyInAnyOrder("hangup " + MEDIA + " 16", "destroy " + BRIDGE, "hangup " + third + " 16");
        rig.awaitNoCalls();
        // The finished call let go of every channel it claimed: a tgari channel nobody owns is hung up on sight.
        // Before, the registry forgot only the last try's channel, and this one still went to the finished call.
        gateway.event(new AriEvent.StasisStart(second, "Local/999@from-telegram-00000002;1", List.of("inbound"), "", Map.of()));
        assertThat(ari.next()).isEqualTo("hangup " + second + " 16");
    }

    @Test
    void anExtensionTheContextLacksCostsATry() throws Exception {
        theCallerRingsAndIsHeldHearingThePrompt();
        telegram.deliverText(CALLER, "999");
        dials("999", SIP, 2);
        // what Asterisk 22 reports for Local/999@from-telegram when the context has no 999 (AskModeIT)
        gateway.event(new AriEvent.ChannelDestroyed(SIP, 0, "Unknown"));
        assertThat(ari.next()).isEqualTo("stopPlayback " + playback(2));
        assertThat(ari.next()).isEqualTo("playOnBridge " + BRIDGE + " " + playback(3) + " " + AGAIN);
        assertThat(rig.onlyCall()).containsEntry("state", "Asking");
    }

    @Test
    void anExtensionThatRangAndEndedWithoutACauseIsNoWrongAnswer() throws Exception {
        theCallerRingsAndIsHeldHearingThePrompt();
        telegram.deliverText(CALLER, "100");
        dials("100", SIP, 2);
        gateway.event(new AriEvent.ChannelStateChange(SIP, "Ringing"));
        gateway.event(new AriEvent.ChannelDestroyed(SIP, 0, "Unknown"));
        assertThat(ari.next()).isEqualTo("stopPlayback " + playback(2));
        assertThat(ari.next()).as("it exists: no 'invalid', no other try").isEqualTo("playOnBridge " + BRIDGE + " " + playback(3) + " sound:goodbye");
        assertThat(rig.onlyCall()).containsEntry("state", "Leaving");
    }

    @Test
    void afterTheLastTryTheCallerHearsGoodbyeAndIsHungUp() throws Exception {
        gatewayWith(Map.of("line.main.inbound.ask.tries", "2"));
        theCallerRingsAndIsHeldHearingThePrompt();
        telegram.deliverText(CALLER, "who is this?");
        assertThat(ari.next()).isEqualTo("stopPlayback " + playback(1));
        assertThat(ari.next()).startsWith("playOnBridge " + BRIDGE + " " + playback(2));
        telegram.deliverText(CALLER, "no idea");
        assertThat(ari.next()).isEqualTo("stopPlayback " + playback(2));
        assertThat(ari.next()).isEqualTo("playOnBridge " + BRIDGE + " " + playback(3) + " sound:pbx-invalid,sound:goodbye");
        assertThat(rig.onlyCall()).containsEntry("state", "Leaving");
        assertThat(telegram.activeCalls()).as("the goodbye is heard before the hang-up").isEqualTo(1);

        gateway.event(new AriEvent.PlaybackFinished(playback(3), "bridge:" + BRIDGE, "done"));
        assertThat(List.of(ari.next(), ari.next())).containsExactlyInAnyOrder("hangup " + MEDIA + " 16", "destroy " + BRIDGE);
        rig.awaitNoCalls();
        rig.awaitTrue("the Telegram call is hung up", () -> telegram.activeCalls() == 0);
        assertThat(rig.outcomes("tgari.calls", "invalid_target")).isEqualTo(1);
        assertThat(ari.requests).noneMatch(r -> r.startsWith("originate"));
    }

    @Test
    void aCallerWhoWritesNothingIsAskedAgainAfterTheTimeoutThenHungUp() throws Exception {
        gatewayWith(Map.of("line.main.inbound.ask.tries", "2", "line.main.inbound.ask.timeout", "300ms"));
        theCallerRingsAndIsHeldHearingThePrompt();
        gateway.event(new AriEvent.PlaybackFinished(playback(1), "bridge:" + BRIDGE, "done"));
        assertThat(ari.next()).as("no 'invalid' after a timeout").isEqualTo("playOnBridge " + BRIDGE + " " + playback(2)
                + " sound:please-try-again," + PROMPT);
        gateway.event(new AriEvent.PlaybackFinished(playback(2), "bridge:" + BRIDGE, "done"));
        assertThat(ari.next()).isEqualTo("playOnBridge " + BRIDGE + " " + playback(3) + " sound:goodbye");
        gateway.event(new AriEvent.PlaybackFinished(playback(3), "bridge:" + BRIDGE, "done"));
        rig.awaitNoCalls();
        assertThat(rig.outcomes("tgari.calls", "invalid_target")).isEqualTo(1);
    }

    /**
     * The try's time counts from the prompt's end: a prompt that plays longer than the timeout is heard to its
     * end, and the caller has the whole timeout after it. Before, it counted from the try's start, so the prompt
     * was stopped after 300 ms and the try lost while it played.
     */
    @Test
    void theTimeoutCountsFromThePromptsEndNotFromItsStart() throws Exception {
        gatewayWith(Map.of("line.main.inbound.ask.timeout", "300ms"));
        telegram.ringLine(CALLER);
        holdsTheCaller();
        assertThat(ari.next()).isEqualTo("playOnBridge " + BRIDGE + " " + playback(1) + " " + PROMPT);
        assertThat(ari.requestQueue.poll(900, TimeUnit.MILLISECONDS)).as("the prompt plays on, past the timeout").isNull();
        assertThat(rig.onlyCall()).containsEntry("state", "Asking").containsEntry("prompt", playback(1));

        long ended = System.nanoTime();
        gateway.event(new AriEvent.PlaybackFinished(playback(1), "bridge:" + BRIDGE, "done"));
        assertThat(ari.next()).isEqualTo("playOnBridge " + BRIDGE + " " + playback(2) + " sound:please-try-again," + PROMPT);
        assertThat(System.nanoTime() - ended).as("the whole timeout after the prompt's end")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
    }

    @Test
    void aBusyExtensionEndsTheCallAfterTheGoodbye() throws Exception {
        telegram.ringLine(CALLER);
        holdsTheCaller();
        assertThat(ari.next()).startsWith("playOnBridge ");
        telegram.deliverText(CALLER, "100");
        dials("100", SIP, 2);
        gateway.event(new AriEvent.ChannelHangupRequest(SIP, 17));
        gateway.event(new AriEvent.ChannelDestroyed(SIP, 17, "User busy"));
        assertThat(ari.next()).isEqualTo("stopPlayback " + playback(2));
        assertThat(ari.next()).isEqualTo("playOnBridge " + BRIDGE + " " + playback(3) + " sound:goodbye");
        gateway.event(new AriEvent.PlaybackFinished(playback(3), "bridge:" + BRIDGE, "done"));
        assertThat(List.of(ari.next(), ari.next())).containsExactlyInAnyOrder("hangup " + MEDIA + " 16", "destroy " + BRIDGE);
        rig.awaitNoCalls();
        assertThat(rig.outcomes("tgari.calls", "busy")).isEqualTo(1);
        assertThat(rig.outcomes("tgari.inbound.sip_leg", "busy")).isEqualTo(1);
        assertThat(ari.requests).as("a gone channel is not hung up again").doesNotContain("hangup " + SIP + " 16");
    }

    @Test
    void aCallerWhoHangsUpWhileAskedLeavesNothingBehind() throws Exception {
        OutgoingCall caller = telegram.ringLine(CALLER);
        holdsTheCaller();
        assertThat(ari.next()).startsWith("playOnBridge " + BRIDGE + " " + playback(1));
        caller.hangup();
        assertThat(List.of(ari.next(), ari.next(), ari.next()))
                .containsExactlyInAnyOrder("stopPlayback " + playback(1), "hangup " + MEDIA + " 16", "destroy " + BRIDGE);
        rig.awaitNoCalls();
        assertThat(rig.outcomes("tgari.calls", "cancelled")).isEqualTo(1);
        assertThat(ari.requests).noneMatch(r -> r.startsWith("originate"));
    }

    @Test
    void aCallerWhoHangsUpWhileTheExtensionRingsHasItHungUp() throws Exception {
        OutgoingCall caller = telegram.ringLine(CALLER);
        holdsTheCaller();
        assertThat(ari.next()).startsWith("playOnBridge ");
        telegram.deliverText(CALLER, "100");
        dials("100", SIP, 2);
        gateway.event(new AriEvent.ChannelStateChange(SIP, "Ringing"));
        caller.hangup();
        assertThat(List.of(ari.next(), ari.next(), ari.next(), ari.next())).containsExactlyInAnyOrder(
                "stopPlayback " + playback(2), "hangup " + MEDIA + " 16", "destroy " + BRIDGE, "hangup " + SIP + " 16");
        rig.awaitNoCalls();
        assertThat(rig.outcomes("tgari.calls", "cancelled")).isEqualTo(1);
    }

    @Test
    void aCallerOutsideTheAllowlistIsDeclinedWithoutAsterisk() throws Exception {
        gatewayWith(Map.of("line.main.inbound.allow", "@ann"));
        telegram.deliverText(CALLER, "100");
        telegram.ringLine(CALLER);
        rig.awaitTrue("declined", () -> telegram.activeCalls() == 0);
        assertThat(gateway.activeCalls()).isZero();
        assertThat(ari.requests).isEmpty();
    }

    /** The call is accepted at once; the ExternalMedia leg alone is put in the bridge. */
    /** The caller rings the line, is accepted and held in a bridge of their own, and the prompt starts there. */
    private void theCallerRingsAndIsHeldHearingThePrompt() throws InterruptedException {
        telegram.ringLine(CALLER);
        holdsTheCaller();
        assertThat(ari.next()).startsWith("playOnBridge " + BRIDGE + " " + playback(1));
    }

    private void holdsTheCaller() throws InterruptedException {
        assertThat(ari.next()).isEqualTo("externalMedia " + MEDIA + " udp ulaw");
        assertThat(ari.next()).isEqualTo("bridge " + BRIDGE + " mixing,dtmf_events");
        gateway.event(new AriEvent.StasisStart(MEDIA, "UnicastRTP/127.0.0.1", List.of(), "", Map.of()));
        assertThat(ari.next()).isEqualTo("add " + BRIDGE + " " + MEDIA);
    }

    /** The prompt playing ({@code ringback - 1}) gives way to ringback, and {@code extension} is originated on {@code channel}. */
    private void dials(String extension, String channel, int ringback) throws InterruptedException {
        assertThat(ari.next()).isEqualTo("stopPlayback " + playback(ringback - 1));
        assertThat(ari.next()).isEqualTo("playOnBridge " + BRIDGE + " " + playback(ringback) + " tone:ring");
        assertThat(ari.next()).as("each try dials on a channel of its own").startsWith("originate Local/" + extension + "@from-telegram " + channel + " ");
    }

    private static String playback(int n) {
        return "tgari-t-pb-1-" + n;
    }
}
