package org.tgari.it;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Telegram → SIP: the simulated user @echo calls a line in extension mode, tgari originates
 * Local/100@from-telegram (the shipped example context), the demo softphone rings with the caller's
 * number, answers, and hears its own tone back through tgari and the simulated Telegram user.
 */
class InboundCallIT {

    private static final double TONE_HZ = 1000.0;
    private static final double TONE_DBFS = -12.0;

    static AsteriskInstance asterisk;
    @TempDir static Path work;
    static Path mic;

    @BeforeAll
    static void startAsterisk() throws Exception {
        asterisk = Asterisks.start();
        mic = TestGateway.toneWav(work, "tone-1k.wav", TONE_HZ, TONE_DBFS, 30);
    }

    @AfterAll
    static void stopAsterisk() {
        if (asterisk != null) asterisk.close();
    }

    @Test
    void aTelegramCallerRingsTheDemoPhoneWhichAnswersAndHearsTheEcho() throws Exception {
        Path dir = Files.createDirectories(work.resolve("inbound"));
        try (var gw = TestGateway.start(asterisk, Map.of("line.main.inbound.mode", "extension", "line.main.inbound.extension", "100"));
             var phone = SipPhone.startAnswering(mic, dir, "demo", "tgari-demo", asterisk.sipPort())) {
            TestGateway.awaitRegistered(asterisk, "demo");
            var sim = (SimulatedTelegram) gw.runtime.line();
            var caller = sim.ringLine(1001);

            assertThat(phone.awaitAnsweredIncoming(Duration.ofSeconds(15))).as("the phone shows the caller's number").contains("+15550001");
            TestGateway.await("12 s of echoed audio", Duration.ofSeconds(40), () -> framesToAsterisk(gw) > 600);
            assertThat(gw.admin("/calls").body()).contains("\"direction\":\"inbound\"").contains("Connected");

            caller.hangup();
            assertThat(phone.awaitClosed(Duration.ofSeconds(10))).as("the Telegram caller's hang-up ends the phone's call")
                    .isInstanceOf(CallResult.Closed.class);
            TestGateway.await("the call to be released", Duration.ofSeconds(10), () -> gw.runtime.gateway().activeCalls() == 0);
            TestGateway.await("no channel left", Duration.ofSeconds(10), () -> {
                try {
                    return gw.ari("/channels").equals("[]");
                } catch (Exception e) {
                    return false;
                }
            });

            var heard = WavFile.readAudio(phone.lastReceivedRecording());
            double seconds = heard.samples().length / (double) heard.sampleRate();
            var sent = WavFile.readAudio(mic);
            double sentDbfs = ToneAnalyzer.toneLevelDbfs(sent.samples(), 0, sent.sampleRate(), sent.sampleRate(), TONE_HZ);
            // Without formats on the originate this came back ~6.5 dB low (the phone → Telegram direction).
            var echo = WholeCallTone.judge(heard, 2.0, seconds - 0.5, TONE_HZ, sentDbfs);
            System.out.printf("inbound echo: %s%n", echo.describe());
            assertThat(echo.windows()).as("judged seconds").hasSizeGreaterThanOrEqualTo(3);
            assertThat(echo.allGood()).as("the echo in every second: %s", echo.describe()).isTrue();
            assertThat(gw.metric("tgari_calls_total", "outcome=\"answered\"")).isEqualTo(1.0);
            assertThat(gw.metric("tgari_inbound_sip_leg_total", "outcome=\"answered\"")).isEqualTo(1.0);
        }
    }

    /** One direction alone: the simulated @tone user's 1 kHz at -12 dBFS must reach the phone at that level. */
    @Test
    void theTelegramCallersToneReachesThePhoneAtItsLevel() throws Exception {
        Path dir = Files.createDirectories(work.resolve("inbound-tone"));
        try (var gw = TestGateway.start(asterisk, Map.of("line.main.inbound.mode", "extension", "line.main.inbound.extension", "100"));
             var phone = SipPhone.startAnswering(mic, dir, "demo", "tgari-demo", asterisk.sipPort())) {
            TestGateway.awaitRegistered(asterisk, "demo");
            var caller = ((SimulatedTelegram) gw.runtime.line()).ringLine(1002);
            assertThat(phone.awaitAnsweredIncoming(Duration.ofSeconds(15))).contains("+15550002");
            TestGateway.await("8 s of the tone", Duration.ofSeconds(30), () -> framesToAsterisk(gw) > 400);
            caller.hangup();
            assertThat(phone.awaitClosed(Duration.ofSeconds(10))).isInstanceOf(CallResult.Closed.class);
            var heard = WavFile.readAudio(phone.lastReceivedRecording());
            double seconds = heard.samples().length / (double) heard.sampleRate();
            var tone = WholeCallTone.judge(heard, 2.0, seconds - 0.5, TONE_HZ, TONE_DBFS);
            System.out.printf("inbound tone: %s%n", tone.describe());
            assertThat(tone.windows()).as("judged seconds").hasSizeGreaterThanOrEqualTo(3);
            assertThat(tone.allGood()).as("the tone in every second: %s", tone.describe()).isTrue();
        }
    }

    private static long framesToAsterisk(TestGateway gw) {
        return gw.runtime.gateway().describeCalls().stream()
                .mapToLong(m -> Long.parseLong(String.valueOf(m.getOrDefault("framesToAsterisk", "0")))).sum();
    }
}
