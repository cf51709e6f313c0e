package org.tgari.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.tgari.it.harness.AsteriskInstance;
import org.tgari.it.harness.Asterisks;
import org.tgari.it.harness.CallResult;
import org.tgari.it.harness.SipPhone;
import org.tgari.it.tgcalls.WholeCallTone;
import org.tgari.media.audio.ToneAnalyzer;
import org.tgari.media.audio.WavFile;

/**
 * A real SIP phone dials the shipped IVR extension 700, is answered, hears the prompt and sends its
 * entry as RFC 4733 DTMF: a directory code of the simulated echo user gives a call whose tone comes back
 * in every second; a busy user is told in prompts, then the answered call ends with a BYE.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IvrIT {

    private static final double TONE_HZ = 1000.0;
    private static final double TONE_DBFS = -12.0;

    static AsteriskInstance asterisk;
    static TestGateway gateway;
    @TempDir static Path work;
    static Path tone;
    static Path silence;

    @BeforeAll
    static void start() throws Exception {
        asterisk = Asterisks.start();
        gateway = TestGateway.start(asterisk, Map.of("ivr.directory.1", "@echo", "ivr.directory.2", "@busy",
                "ivr.directory.4", "@noanswer"));
        tone = TestGateway.toneWav(work, "tone-1k.wav", TONE_HZ, TONE_DBFS, 40);
        silence = work.resolve("silence.wav");
        WavFile.writeMono16(silence, 8000, new short[8000 * 40]);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) gateway.close();
        if (asterisk != null) asterisk.close();
    }

    @Test
    @Order(3)
    void aDirectoryCodeReachesTheEchoUserAndItsToneComesBackInEverySecond() throws Exception {
        double answered = gateway.metric("tgari_calls_total", "outcome=\"answered\"");
        try (var phone = SipPhone.start(tone, Files.createDirectories(work.resolve("echo")))) {
            warmUpWithADialledCall(phone);
            answered += 1;
            phone.dial("sip:700@127.0.0.1:" + asterisk.sipPort());
            assertThat(phone.awaitEstablishedOrClosed(Duration.ofSeconds(15))).as("the IVR answers").isInstanceOf(CallResult.Established.class);
            TestGateway.await("the IVR collecting", Duration.ofSeconds(10), () -> state().equals("Collecting"));
            phone.sendDtmf("1#");
            TestGateway.await("the call to @echo connected", Duration.ofSeconds(20), () -> state().equals("Connected"));
            assertThat(gateway.runtime.gateway().describeCalls()).singleElement()
                    .satisfies(c -> assertThat(c).containsEntry("target", "@echo"));
            TestGateway.await("8 s of echoed audio", Duration.ofSeconds(30), () -> framesToAsterisk() > 400);
            phone.hangup();
            assertThat(phone.awaitClosed(Duration.ofSeconds(10))).isInstanceOf(CallResult.Closed.class);
            TestGateway.await("the call to be released", Duration.ofSeconds(10), () -> gateway.runtime.gateway().activeCalls() == 0);

            var heard = WavFile.readAudio(phone.lastReceivedRecording());
            double seconds = heard.samples().length / (double) heard.sampleRate();
            var sent = WavFile.readAudio(tone);
            double sentDbfs = ToneAnalyzer.toneLevelDbfs(sent.samples(), 0, sent.sampleRate(), sent.sampleRate(), TONE_HZ);
            // The prompt and the ringback come first (speech, 440+480 Hz), and the phone's recording skips
            // what Asterisk did not send (nothing plays between Telegram's answer and the bridge), so its
            // timeline is not the call's: the judge finds the echo's onset in the audio, and from 1 s after
            // it every second to the end must carry the tone.
            var echo = WholeCallTone.judge(heard, seconds - 0.5, 4, TONE_HZ, sentDbfs);
            System.out.printf("IVR echo: %s%n", echo.describe());
            assertThat(echo.allGood()).as("the echo in every second: %s", echo.describe()).isTrue();
            assertThat(gateway.metric("tgari_calls_total", "outcome=\"answered\"")).isEqualTo(answered + 1);
        }
    }

    @Test
    @Order(1)
    void aBusyUserIsToldInPromptsThenTheAnsweredCallEndsNormally() throws Exception {
        double busy = gateway.metric("tgari_calls_total", "outcome=\"busy\"");
        try (var phone = SipPhone.start(silence, Files.createDirectories(work.resolve("busy")))) {
            phone.dial("sip:700@127.0.0.1:" + asterisk.sipPort());
            assertThat(phone.awaitEstablishedOrClosed(Duration.ofSeconds(15))).isInstanceOf(CallResult.Established.class);
            TestGateway.await("the IVR collecting", Duration.ofSeconds(10), () -> state().equals("Collecting"));
            long established = System.nanoTime();
            phone.sendDtmf("2#");
            // Ended while the farewell plays: the call keeps the channel until the prompts are over
            TestGateway.await("the Telegram call's end", Duration.ofSeconds(20), () -> state().equals("Ended"));
            long outcome = System.nanoTime();
            CallResult closed = phone.awaitClosed(Duration.ofSeconds(20));
            long hungUp = System.nanoTime();
            assertThat(closed).isInstanceOf(CallResult.Closed.class);
            assertThat(((CallResult.Closed) closed).sipCode()).as("a BYE, not a failure response: %s", closed).isZero();
            // the prompts (telephone-number, is-in-use) last about 2 s: the hang-up waited for them
            assertThat(Duration.ofNanos(hungUp - outcome)).as("prompted before the hang-up").isGreaterThan(Duration.ofMillis(1000));
            TestGateway.await("the call to be released", Duration.ofSeconds(10), () -> gateway.runtime.gateway().activeCalls() == 0);
            assertThat(gateway.metric("tgari_calls_total", "outcome=\"busy\"")).isEqualTo(busy + 1);

            var heard = WavFile.readAudio(phone.lastReceivedRecording());
            int rate = heard.sampleRate();
            double fromSeconds = (outcome - established) / 1e9;
            int from = (int) Math.min(heard.samples().length, Math.round(fromSeconds * rate));
            int audible = 0;
            for (int off = from; off + rate / 10 <= heard.samples().length; off += rate / 10) {
                if (ToneAnalyzer.rmsDbfs(heard.samples(), off, rate / 10) > -45) audible++;
            }
            System.out.printf("IVR busy: %d audible 100 ms blocks after the outcome, hang-up %d ms after it%n", audible,
                    (hungUp - outcome) / 1_000_000);
            assertThat(audible).as("the phone heard the busy prompt (the microphone sends silence)").isGreaterThanOrEqualTo(8);
        }
    }

    @Test
    @Order(2)
    void theCallerHearsARingbackToneWhileTheTelegramUserRings() throws Exception {
        try (var phone = SipPhone.start(silence, Files.createDirectories(work.resolve("ringback")))) {
            phone.dial("sip:700@127.0.0.1:" + asterisk.sipPort());
            assertThat(phone.awaitEstablishedOrClosed(Duration.ofSeconds(15))).isInstanceOf(CallResult.Established.class);
            TestGateway.await("the IVR collecting", Duration.ofSeconds(10), () -> state().equals("Collecting"));
            phone.sendDtmf("4#");
            TestGateway.await("the Telegram user ringing", Duration.ofSeconds(20), () -> state().equals("Ringing"));
            Path recording = phone.lastReceivedRecording();
            long ringingAt = Files.size(recording);
            // 1.5 s more of what the phone decodes (8 kHz, 16 bit): a whole ring of the US cadence is 2 s
            TestGateway.await("1.5 s of audio while ringing", Duration.ofSeconds(15), () -> sizeOf(recording) > ringingAt + 24_000);
            phone.hangup();
            assertThat(phone.awaitClosed(Duration.ofSeconds(10))).isInstanceOf(CallResult.Closed.class);
            TestGateway.await("the call to be released", Duration.ofSeconds(10), () -> gateway.runtime.gateway().activeCalls() == 0);

            var heard = WavFile.readAudio(recording);
            int rate = heard.sampleRate(), block = rate / 10, ringing = 0;
            for (int off = 0; off + block <= heard.samples().length; off += block) {
                double at440 = ToneAnalyzer.toneLevelDbfs(heard.samples(), off, block, rate, 440);
                double at480 = ToneAnalyzer.toneLevelDbfs(heard.samples(), off, block, rate, 480);
                if (at440 > -40 && at480 > -40) ringing++;
            }
            System.out.printf("IVR ringback: %d blocks of 100 ms with 440+480 Hz%n", ringing);
            assertThat(ringing).as("100 ms blocks of ringback (440+480 Hz)").isGreaterThanOrEqualTo(10);
        }
    }

    /**
     * A short call to 600 first. On this loaded machine the first media call of a fresh gateway lost up to
     * 1.5 s of the phone's audio (Asterisk's frames reached tgari late, 30-78 concealed) when it came
     * through the IVR (9 runs of 11 concealed 30-78 of the phone's frames, with or without the ringback
     * tone), dialled first it did not (2 and 3 in 2 runs); an IVR call after a dialled one passed in 4 runs
     * of 4 (0-12 concealed). Asterisk's frames stalled, then came in a burst (more in than out); dropping
     * what arrives before the pipeline ticks did not help (9 and 74). Why the first call suffers more when its caller was answered long before the bridge is not
     * known yet; FirstCallAfterStartIT is about the first call, this test about the IVR.
     */
    private static void warmUpWithADialledCall(SipPhone phone) throws Exception {
        phone.dial("sip:600@127.0.0.1:" + asterisk.sipPort());
        assertThat(phone.awaitEstablishedOrClosed(Duration.ofSeconds(15))).isInstanceOf(CallResult.Established.class);
        TestGateway.await("2 s of echoed audio", Duration.ofSeconds(20), () -> framesToAsterisk() > 100);
        phone.hangup();
        assertThat(phone.awaitClosed(Duration.ofSeconds(10))).isInstanceOf(CallResult.Closed.class);
        TestGateway.await("the warm-up call to be released", Duration.ofSeconds(10), () -> gateway.runtime.gateway().activeCalls() == 0);
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static String state() {
        return gateway.runtime.gateway().describeCalls().stream().map(c -> String.valueOf(c.get("state"))).findFirst().orElse("");
    }

    private static long framesToAsterisk() {
        return gateway.runtime.gateway().describeCalls().stream()
                .mapToLong(m -> Long.parseLong(String.valueOf(m.getOrDefault("framesToAsterisk", "0")))).sum();
    }
}
