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
import org.tgari.telegram.sim.SimulatedTelegram;

/**
 * {@code Stasis(telegram,ivr)} against a scripted ARI and the simulated Telegram network: prompts, digits,
 * timeouts, the directory, tries, and how Telegram's outcomes reach an answered caller. Timeouts are long
 * unless a test sets them short, so that a loaded machine cannot make them race the test.
 */
class IvrCallFlowTest {

    private static final String ENTER = "sound:vm-enter-num-to-call,sound:vm-then-pound";
    private static final String RETRY = "sound:please-try-again," + ENTER;

    private FlowRig rig;
    private FakeAriClient ari;
    private SimulatedTelegram telegram;
    private Gateway gateway;

    @BeforeEach
    void setUp() throws Exception {
        rig = FlowRig.start();
        ari = rig.ari();
        telegram = rig.telegram();
    }

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    private void start(Map<String, String> extra) {
        Map<String, String> keys = new HashMap<>(Map.of("ivr.timeout", "60s", "ivr.inter-digit-timeout", "60s", "ivr.tries", "2",
                "ivr.directory.1", "@echo", "ivr.directory.2", "@busy", "ivr.directory.9", "@nobody"));
        keys.putAll(extra);
        gateway = rig.gateway(keys);
    }

    private static String playback(int n) {
        return "tgari-t-pb-1-" + n;
    }

    private void enterIvr(String... options) throws InterruptedException {
        var args = new java.util.ArrayList<>(List.of("ivr"));
        args.addAll(List.of(options));
        gateway.event(new AriEvent.StasisStart("sip1", "PJSIP/tester-1", args, "tester", Map.of()));
        assertThat(ari.next()).as("answered before anything plays").isEqualTo("answer sip1");
    }

    /** sip1 enters the IVR, keys {@code code} and # over the prompt, and hears ringback while Telegram rings. */
    private void dialsFromThePrompt(String code) throws InterruptedException {
        enterIvr();
        assertThat(ari.next()).startsWith("play sip1 " + playback(1));
        dtmf(code + "#");
        assertThat(ari.next()).isEqualTo("stopPlayback " + playback(1));
        assertThat(ari.next()).isEqualTo("play sip1 " + playback(2) + " tone:ring");
    }

    private void dtmf(String digits) {
        for (char d : digits.toCharArray()) gateway.event(new AriEvent.ChannelDtmfReceived("sip1", String.valueOf(d), 100));
    }

    private void finished(int playback) {
        gateway.event(new AriEvent.PlaybackFinished(playback(playback), "channel:sip1", "done"));
    }

    private double outcomes(String tag) {
        return rig.outcomes("tgari.calls", tag);
    }

    @Test
    void aDirectoryCodeDialsItsTargetAndTheCallIsBridgedWithoutAnotherAnswer() throws Exception {
        start(Map.of());
        enterIvr();
        assertThat(ari.next()).isEqualTo("play sip1 " + playback(1) + " " + ENTER);
        dtmf("1");
        assertThat(ari.next()).as("the first digit stops the prompt").isEqualTo("stopPlayback " + playback(1));
        dtmf("#");
        assertThat(ari.next()).as("ringback while Telegram rings").isEqualTo("play sip1 " + playback(2) + " tone:ring");
        assertThat(ari.next()).as("stopped before the caller is bridged").isEqualTo("stopPlayback " + playback(2));
        assertThat(ari.next()).isEqualTo("externalMedia tgari-t-em-1 udp ulaw");
        assertThat(ari.next()).isEqualTo("bridge tgari-t-br-1 mixing,dtmf_events");
        gateway.event(new AriEvent.StasisStart("tgari-t-em-1", "UnicastRTP/127.0.0.1", List.of(), "", Map.of()));
        assertThat(ari.next()).isEqualTo("add tgari-t-br-1 sip1,tgari-t-em-1");
        rig.awaitTrue("connected", () -> gateway.describeCalls().stream().anyMatch(c -> "Connected".equals(c.get("state"))));
        dtmf("5#");
        gateway.event(new AriEvent.PlaybackFinished(playback(1), "channel:sip1", "done"));
        assertThat(gateway.describeCalls()).singleElement().satisfies(c -> assertThat(c).containsEntry("target", "@echo").containsEntry("entry", "ivr"));

        gateway.event(new AriEvent.StasisEnd("sip1"));
        rig.awaitNoCalls();
        assertThat(outcomes("answered")).isEqualTo(1);
        assertThat(ari.requests).as("answered once, at the start").containsOnlyOnce("answer sip1");
        assertThat(ari.requests).noneMatch(r -> r.startsWith("ring ") || r.startsWith("hangup sip1"));
        assertThat(ari.requests).as("digits after the entry start nothing").noneMatch(r -> r.startsWith("play") && r.contains(playback(3)));
        assertThat(telegram.activeCalls()).isZero();
    }

    @Test
    void starClearsTheDigitsEnteredSoFar() throws Exception {
        start(Map.of());
        enterIvr();
        assertThat(ari.next()).startsWith("play sip1 " + playback(1));
        dtmf("5");
        assertThat(ari.next()).isEqualTo("stopPlayback " + playback(1));
        // without the clear, "51" would be an invalid entry (a phone number has 3-15 digits)
        dtmf("*1#");
        assertThat(ari.next()).isEqualTo("play sip1 " + playback(2) + " tone:ring");
        gateway.endAll("test over");
        rig.awaitNoCalls();
    }

    @Test
    void anUnknownTargetCostsATryAndTheLastTrySaysGoodbyeThenHangsUp() throws Exception {
        start(Map.of());
        enterIvr();
        assertThat(ari.next()).startsWith("play sip1 " + playback(1));
        dtmf("9#"); // @nobody: the directory resolves it, Telegram knows nobody of that name
        assertThat(ari.next()).isEqualTo("stopPlayback " + playback(1));
        assertThat(ari.next()).isEqualTo("play sip1 " + playback(2) + " sound:pbx-invalid," + RETRY);
        dtmf("12#"); // no code, and too short for a phone number
        assertThat(ari.next()).isEqualTo("stopPlayback " + playback(2));
        assertThat(ari.next()).isEqualTo("play sip1 " + playback(3) + " sound:pbx-invalid,sound:goodbye");
        assertThat(gateway.activeCalls()).as("the caller hears goodbye before the hang-up").isEqualTo(1);
        finished(3);
        assertThat(ari.next()).as("a normal hang-up: the caller was answered").isEqualTo("hangup sip1 16");
        rig.awaitNoCalls();
        assertThat(outcomes("invalid_target")).isEqualTo(1);
        assertThat(telegram.activeCalls()).isZero();
    }

    @Test
    void noEntryInTimeAsksAgainThenSaysGoodbye() throws Exception {
        start(Map.of("ivr.timeout", "300ms"));
        enterIvr();
        assertThat(ari.next()).startsWith("play sip1 " + playback(1));
        finished(1); // the try's time counts from the prompt's end
        assertThat(ari.next()).as("no digit within ivr.timeout").isEqualTo("play sip1 " + playback(2) + " " + RETRY);
        finished(2);
        assertThat(ari.next()).isEqualTo("play sip1 " + playback(3) + " sound:goodbye");
        finished(3);
        assertThat(ari.next()).isEqualTo("hangup sip1 16");
        rig.awaitNoCalls();
        assertThat(outcomes("invalid_target")).isEqualTo(1);
    }

    @Test
    void silenceAfterADigitCompletesTheEntry() throws Exception {
        start(Map.of("ivr.inter-digit-timeout", "200ms"));
        enterIvr();
        assertThat(ari.next()).startsWith("play sip1 " + playback(1));
        dtmf("1");
        assertThat(ari.next()).isEqualTo("stopPlayback " + playback(1));
        assertThat(ari.next()).as("entry '1' complete without #").isEqualTo("play sip1 " + playback(2) + " tone:ring");
        gateway.endAll("test over");
        rig.awaitNoCalls();
    }

    @Test
    void aBusyTargetIsToldInPromptsBeforeANormalHangUp() throws Exception {
        start(Map.of());
        dialsFromThePrompt("2");
        assertThat(ari.next()).isEqualTo("stopPlayback " + playback(2));
        assertThat(ari.next()).isEqualTo("play sip1 " + playback(3) + " sound:telephone-number,sound:is-in-use");
        finished(2); // the stopped ringback's end is not the prompt's
        finished(3);
        assertThat(ari.next()).isEqualTo("hangup sip1 16");
        rig.awaitNoCalls();
        assertThat(ari.requests).containsOnlyOnce("hangup sip1 16");
        assertThat(outcomes("busy")).isEqualTo(1);
        assertThat(telegram.activeCalls()).isZero();
    }

    @Test
    void noAnswerIsToldInPromptsBeforeANormalHangUp() throws Exception {
        start(Map.of("calls.no-answer-timeout", "300ms", "ivr.directory.4", "@noanswer"));
        dialsFromThePrompt("4");
        assertThat(ari.next()).as("the ringback gives way to the prompt").isEqualTo("stopPlayback " + playback(2));
        assertThat(ari.next()).isEqualTo("play sip1 " + playback(3) + " sound:number-not-answering");
        finished(3);
        assertThat(ari.next()).isEqualTo("hangup sip1 16");
        rig.awaitNoCalls();
        assertThat(outcomes("no_answer")).isEqualTo(1);
        assertThat(telegram.activeCalls()).isZero();
    }

    @Test
    void aCallerHangingUpWhileTheTelegramUserRingsCancelsBothSides() throws Exception {
        start(Map.of("ivr.directory.4", "@noanswer"));
        dialsFromThePrompt("4");
        gateway.event(new AriEvent.ChannelHangupRequest("sip1", 16));
        assertThat(ari.next()).as("the ringback is stopped").isEqualTo("stopPlayback " + playback(2));
        rig.awaitNoCalls();
        assertThat(outcomes("cancelled")).isEqualTo(1);
        assertThat(telegram.activeCalls()).as("the Telegram call was hung up").isZero();
        assertThat(ari.requests).noneMatch(r -> r.startsWith("hangup"));
    }

    @Test
    void aCallerHangingUpDuringThePromptEndsTheCallCancelled() throws Exception {
        start(Map.of("ivr.timeout", "200ms"));
        enterIvr();
        assertThat(ari.next()).startsWith("play sip1 " + playback(1));
        gateway.event(new AriEvent.ChannelHangupRequest("sip1", 16));
        assertThat(ari.next()).isEqualTo("stopPlayback " + playback(1));
        rig.awaitNoCalls();
        assertThat(outcomes("cancelled")).isEqualTo(1);
        assertThat(ari.requests).noneMatch(r -> r.startsWith("hangup"));
        // the try's timer was cancelled: nothing more is asked of Asterisk after ivr.timeout
        assertThat(ari.requestQueue.poll(600, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aCallerHangingUpDuringTheFarewellIsNotHungUpAgain() throws Exception {
        start(Map.of());
        dialsFromThePrompt("2");
        assertThat(ari.next()).isEqualTo("stopPlayback " + playback(2));
        assertThat(ari.next()).startsWith("play sip1 " + playback(3));
        gateway.event(new AriEvent.StasisEnd("sip1"));
        assertThat(ari.next()).isEqualTo("stopPlayback " + playback(3));
        rig.awaitNoCalls();
        assertThat(outcomes("busy")).isEqualTo(1);
        assertThat(ari.requests).noneMatch(r -> r.startsWith("hangup"));
    }

    @Test
    void dialplanOptionsOverrideTheConfiguredKeysAndBadOnesAreRefused() throws Exception {
        start(Map.of());
        enterIvr("tries=1", "prompt=custom/welcome&vm-then-pound");
        assertThat(ari.next()).isEqualTo("play sip1 " + playback(1) + " sound:custom/welcome,sound:vm-then-pound");
        dtmf("#");
        assertThat(ari.next()).isEqualTo("stopPlayback " + playback(1));
        assertThat(ari.next()).as("one try only").isEqualTo("play sip1 " + playback(2) + " sound:pbx-invalid,sound:goodbye");
        gateway.endAll("test over");
        assertThat(ari.next()).as("stopping cuts the farewell short").isEqualTo("stopPlayback " + playback(2));
        assertThat(ari.next()).isEqualTo("hangup sip1 16");
        rig.awaitNoCalls();

        gateway.event(new AriEvent.StasisStart("sip2", "PJSIP/tester-2", List.of("ivr", "loud=yes"), "tester", Map.of()));
        assertThat(ari.next()).as("an unknown option is an invalid request").isEqualTo("hangup sip2 28");
    }

    @Test
    void aLineThatIsNotReadyRefusesTheCallerUnanswered() throws Exception {
        start(Map.of());
        telegram.close();
        gateway.event(new AriEvent.StasisStart("sip1", "PJSIP/tester-1", List.of("ivr"), "tester", Map.of()));
        assertThat(ari.next()).isEqualTo("hangup sip1 34");
        rig.awaitNoCalls();
        assertThat(outcomes("telegram_unavailable")).isEqualTo(1);
    }
}
