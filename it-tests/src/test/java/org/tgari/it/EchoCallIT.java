package org.tgari.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tgari.it.harness.AsteriskInstance;
import org.tgari.it.harness.Asterisks;
import org.tgari.it.harness.CallResult;
import org.tgari.it.harness.SipPhone;
import org.tgari.it.tgcalls.WholeCallTone;
import org.tgari.media.audio.ToneAnalyzer;
import org.tgari.media.audio.WavFile;

/**
 * A real SIP phone dials 600 and hears its own tone back after SIP -> Asterisk -> ExternalMedia ->
 * tgari -> Opus -> simulated @echo -> Opus -> tgari -> Asterisk -> SIP, over both media transports.
 */
class EchoCallIT {

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

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({"rtp,ulaw", "websocket,ulaw", "rtp,slin", "rtp,alaw"})
    void echoReturnsTheToneAtItsFrequencyAndLevel(String transport, String rtpFormat) throws Exception {
        Path dir = Files.createDirectories(work.resolve(transport + "-" + rtpFormat));
        try (var gw = TestGateway.start(asterisk, Map.of("media.transport", transport, "media.rtp-format", rtpFormat));
             var phone = SipPhone.start(mic, dir)) {
            phone.dial("sip:600@127.0.0.1:" + asterisk.sipPort());
            assertThat(phone.awaitEstablishedOrClosed(Duration.ofSeconds(15))).isInstanceOf(CallResult.Established.class);
            // Talk for a while: the recording must hold several seconds of returned audio.
            TestGateway.await("6 s of echoed audio", Duration.ofSeconds(25),
                    () -> gwFramesToAsterisk(gw) > 300);
            // the Telegram side's RTCP gives the call a measured round-trip time, visible in /calls
            TestGateway.await("an RTT for the Telegram leg", Duration.ofSeconds(10), () -> gw.runtime.gateway().describeCalls().stream()
                    .anyMatch(m -> m.get("telegramRttMs") != null));
            assertThat(gw.admin("/calls").body()).contains("telegramRttMs");
            phone.hangup();
            assertThat(phone.awaitClosed(Duration.ofSeconds(10))).isInstanceOf(CallResult.Closed.class);
            TestGateway.await("the call to be released", Duration.ofSeconds(10), () -> gw.runtime.gateway().activeCalls() == 0);

            var heard = WavFile.readAudio(phone.lastReceivedRecording());
            double seconds = heard.samples().length / (double) heard.sampleRate();
            var sent = WavFile.readAudio(mic);
            double sentDbfs = ToneAnalyzer.toneLevelDbfs(sent.samples(), 0, sent.sampleRate(), sent.sampleRate(), TONE_HZ);
            // Every second from the third on (set-up and four jitter buffers filling before), not an average.
            var echo = WholeCallTone.judge(heard, 2.0, seconds - 0.5, TONE_HZ, sentDbfs);
            System.out.printf("echo %s/%s: %s%n", transport, rtpFormat, echo.describe());
            assertThat(echo.windows()).as("judged seconds").hasSizeGreaterThanOrEqualTo(3);
            assertThat(echo.allGood()).as("the echo in every second: %s", echo.describe()).isTrue();
            assertThat(gw.metric("tgari_calls_total", "outcome=\"answered\"")).isEqualTo(1.0);
            assertThat(gw.runtime.gateway().transport().name().toLowerCase()).isEqualTo(transport);
        }
    }

    private static long gwFramesToAsterisk(TestGateway gw) {
        return gw.runtime.gateway().describeCalls().stream()
                .mapToLong(m -> Long.parseLong(String.valueOf(m.getOrDefault("framesToAsterisk", "0")))).sum();
    }
}
