package org.tgari.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgari.it.harness.AsteriskInstance;
import org.tgari.it.harness.Asterisks;
import org.tgari.it.harness.CallResult;
import org.tgari.it.harness.SipPhone;
import org.tgari.it.tgcalls.WholeCallTone;
import org.tgari.media.audio.ToneAnalyzer;
import org.tgari.media.audio.WavFile;
import org.tgari.telegram.sim.SimulatedTelegram;

/**
 * Telegram → SIP in ask mode: the simulated user @echo calls a line that asks for an extension, is
 * accepted at once and hears the prompt, writes the extension in the chat; tgari dials it in the shipped
 * {@code [from-telegram]} context, the demo softphone rings with the caller's number, answers, and hears
 * its own tone back through tgari and @echo for the whole call.
 */
class AskModeIT {

    private static final double TONE_HZ = 1000.0;
    private static final double TONE_DBFS = -12.0;
    private static final long ECHO_USER = 1001;
    // The prompt is made long (about 9 s), so that it still plays when the test looks at it on a loaded machine.
    private static final Map<String, String> ASK_LINE = Map.of("line.main.inbound.mode", "ask", "line.main.inbound.context", "from-telegram",
            "line.main.inbound.ask.prompt", "vm-enter-num-to-call, vm-then-pound, vm-enter-num-to-call, vm-then-pound");

    static AsteriskInstance asterisk;
    @TempDir static Path work;
    static Path mic;
    // One phone for the class: with one per test, the check that it registered could see the contact of the
    // previous test's phone, which then unregistered (seen: the extension answered 20, unavailable).
    static SipPhone phone;

    @BeforeAll
    static void startAsteriskAndPhone() throws Exception {
        asterisk = Asterisks.start();
        mic = TestGateway.toneWav(work, "tone-1k.wav", TONE_HZ, TONE_DBFS, 30);
        phone = SipPhone.startAnswering(mic, Files.createDirectories(work.resolve("phone")), "demo", "tgari-demo", asterisk.sipPort());
        TestGateway.awaitRegistered(asterisk, "demo");
    }

    @AfterAll
    static void stop() {
        if (phone != null) phone.close();
        if (asterisk != null) asterisk.close();
    }

    /**
     * Two calls on one gateway. The first, with the extension written before the call, is also the
     * gateway's first media call: under load that one has been seen to lose the phone's audio for a while
     * (IvrIT's warm-up note; here 2 of 11 runs at load average 13-16, extension mode's InboundCallIT too),
     * so the second call is the one whose echo is judged.
     */
    @Test
    void askedCallersReachThePhone() throws Exception {
        try (var gw = TestGateway.start(asterisk, ASK_LINE)) {
            var sim = (SimulatedTelegram) gw.runtime.line();

            // 1. "100" written before the call (through the admin server, as the demo does it) is dialled at once
            var written = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + gw.runtime.httpPort() + "/sim/write-line?from=" + ECHO_USER + "&text=100"))
                    .header("Authorization", "Bearer " + TgariProcess.ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(written.statusCode()).as(written.body()).isEqualTo(202);
            var first = sim.ringLine(ECHO_USER);
            assertThat(phone.awaitAnsweredIncoming(Duration.ofSeconds(20))).contains("+15550001");
            TestGateway.await("connected", Duration.ofSeconds(15), () -> "Connected".equals(call(gw, "state")));
            first.hangup();
            assertThat(phone.awaitClosed(Duration.ofSeconds(10))).isInstanceOf(CallResult.Closed.class);
            awaitNothingLeft(gw);

            // 2. asked: the prompt plays, a wrong extension, then the right one, and the echo through the whole call
            long heardBefore = sim.loudFramesHeard(ECHO_USER);
            var caller = sim.ringLine(ECHO_USER);
            // /calls reads the call from another thread: the phase and the prompt's id may show up one after the other
            TestGateway.await("the caller is asked", Duration.ofSeconds(20), () -> "Asking".equals(call(gw, "state")) && call(gw, "prompt") != null);
            assertThat(sim.activeCalls()).as("the Telegram call is up while asked").isEqualTo(1);
            String prompt = String.valueOf(call(gw, "prompt"));
            assertThat(playback(gw, prompt)).as("Asterisk plays the prompt into the caller's bridge")
                    .contains("\"state\":\"playing\"").contains("sound:vm-enter-num-to-call").contains("bridge:");
            TestGateway.await("the caller hears the prompt: half a second of it above -40 dBFS at @echo", Duration.ofSeconds(10),
                    () -> sim.loudFramesHeard(ECHO_USER) >= heardBefore + 25);

            // 999 is not in [from-telegram]: Asterisk refuses it, and the caller is asked again
            sim.deliverText(ECHO_USER, "999");
            TestGateway.await("asked again after 999, with another prompt", Duration.ofSeconds(15),
                    () -> "Local/999@from-telegram".equals(call(gw, "target")) && "Asking".equals(call(gw, "state"))
                            && call(gw, "prompt") != null && !prompt.equals(call(gw, "prompt")));
            String again = String.valueOf(call(gw, "prompt"));
            assertThat(playback(gw, again)).contains("sound:pbx-invalid");

            sim.deliverText(ECHO_USER, "100");
            assertThat(phone.awaitAnsweredIncoming(Duration.ofSeconds(15))).as("the phone shows the caller's number").contains("+15550001");
            TestGateway.await("connected", Duration.ofSeconds(15), () -> "Connected".equals(call(gw, "state")));
            long framesAtConnect = Long.parseLong(String.valueOf(call(gw, "framesToAsterisk")));
            TestGateway.await("12 s of echoed audio", Duration.ofSeconds(40),
                    () -> Long.parseLong(String.valueOf(call(gw, "framesToAsterisk"))) > framesAtConnect + 600);

            caller.hangup();
            assertThat(phone.awaitClosed(Duration.ofSeconds(10))).as("the Telegram caller's hang-up ends the phone's call")
                    .isInstanceOf(CallResult.Closed.class);
            awaitNothingLeft(gw);

            var heard = WavFile.readAudio(phone.lastReceivedRecording());
            double seconds = heard.samples().length / (double) heard.sampleRate();
            var sent = WavFile.readAudio(mic);
            double sentDbfs = ToneAnalyzer.toneLevelDbfs(sent.samples(), 0, sent.sampleRate(), sent.sampleRate(), TONE_HZ);
            var echo = WholeCallTone.judge(heard, 2.0, seconds - 0.5, TONE_HZ, sentDbfs);
            System.out.printf("ask-mode echo: %s%n", echo.describe());
            assertThat(echo.windows()).as("judged seconds").hasSizeGreaterThanOrEqualTo(3);
            assertThat(echo.allGood()).as("the echo in every second: %s", echo.describe()).isTrue();
            assertThat(gw.metric("tgari_calls_total", "outcome=\"answered\"")).isEqualTo(2.0);
            assertThat(gw.metric("tgari_inbound_sip_leg_total", "outcome=\"answered\"")).isEqualTo(2.0);
        }
    }

    /** The call released, and no channel or bridge of it left in Asterisk. */
    private static void awaitNothingLeft(TestGateway gw) throws InterruptedException {
        TestGateway.await("the call to be released", Duration.ofSeconds(10), () -> gw.runtime.gateway().activeCalls() == 0);
        TestGateway.await("no channel or bridge left", Duration.ofSeconds(10), () -> {
            try {
                return gw.ari("/channels").equals("[]") && gw.ari("/bridges").equals("[]");
            } catch (Exception e) {
                return false;
            }
        });
    }

    /**
     * What ARI says of a playback tgari asked for: the request may still be on its way (each waits for the one
     * before it), so a playback not found yet is asked for again, for a while.
     */
    private static String playback(TestGateway gw, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            try {
                return gw.ari("/playbacks/" + id);
            } catch (IllegalStateException notYet) {
                if (System.nanoTime() > deadline) throw notYet;
                Thread.sleep(20);
            }
        }
    }

    /** A field of the one call in progress, or null when there is none. */
    private static Object call(TestGateway gw, String field) {
        var calls = gw.runtime.gateway().describeCalls();
        return calls.isEmpty() ? null : calls.getFirst().get(field);
    }
}
