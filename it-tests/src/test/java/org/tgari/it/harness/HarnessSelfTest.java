package org.tgari.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness against itself: a real Asterisk, a real baresip, echo audio checked by frequency, SIP errors, cleanup. */
class HarnessSelfTest {

    private static final Duration CALL_SETUP = Duration.ofSeconds(10);
    /** How long the echo call runs: also asserted, since Echo() must keep the call up. */
    private static final Duration ECHO_TALK_TIME = Duration.ofSeconds(3);

    @TempDir
    Path work;

    @Test
    void realAsteriskAnswersRealPhoneAndCleansUp() throws Exception {
        Path mic = TestWav.writeTone(work.resolve("tone-1k.wav"), 8000, 1000, 20, 0.3);
        String instanceMarker;
        long phonePid;

        try (AsteriskInstance asterisk = Asterisks.start();
             SipPhone phone = SipPhone.start(mic, work.resolve("phone"))) {
            instanceMarker = "/it-" + URI.create(asterisk.ariBaseUrl()).getPort() + "/";
            phonePid = phone.pid();

            assertThat(asterisk.version()).startsWith("22");
            for (String module : List.of("res_ari.so", "chan_rtp.so", "chan_websocket.so", "codec_opus_open_source.so",
                    "codec_g722.so", "bridge_softmix.so", "chan_pjsip.so", "app_stasis.so")) {
                assertThat(asterisk.cli("module show like " + module)).as(module).contains(module).contains("Running");
            }
            assertThat(asterisk.cli("dialplan show 600@from-phones")).contains("Stasis(telegram,dial,@echo)");

            // 7000 echoes: the 1 kHz tone we send must come back.
            phone.dial("sip:7000@127.0.0.1:" + asterisk.sipPort());
            assertThat(phone.awaitEstablishedOrClosed(CALL_SETUP)).isEqualTo(new CallResult.Established());
            assertThat(phone.awaitClosed(ECHO_TALK_TIME)).as("echo call stays up").isEqualTo(new CallResult.Timeout());
            phone.hangup();
            assertThat(phone.awaitClosed(CALL_SETUP)).isInstanceOf(CallResult.Closed.class);

            TestWav.Pcm heard = TestWav.read(phone.lastReceivedRecording());
            int skip = heard.sampleRate() / 2; // the echo path fills up during the first half second
            assertThat(heard.seconds()).isGreaterThan(2.0);
            assertThat(ToneMeter.rms(heard.samples(), skip)).as("echo level").isGreaterThan(0.05);
            assertThat(ToneMeter.fractionAt(heard.samples(), skip, heard.sampleRate(), 1000, 800)).as("energy at 1 kHz").isGreaterThan(0.8);
            assertThat(ToneMeter.fractionAt(heard.samples(), skip, heard.sampleRate(), 1400, 800)).as("energy at 1.4 kHz").isLessThan(0.05);

            // An extension that does not exist is a SIP failure, not a hang.
            phone.dial("sip:9999@127.0.0.1:" + asterisk.sipPort());
            assertThat(phone.awaitEstablishedOrClosed(CALL_SETUP))
                    .isInstanceOfSatisfying(CallResult.Closed.class, closed -> assertThat(closed.sipCode()).isEqualTo(404));

            // restart() comes back on the same ports, and ARI answers again.
            String before = asterisk.ariBaseUrl();
            asterisk.restart();
            assertThat(asterisk.ariBaseUrl()).isEqualTo(before);
            assertThat(asterisk.version()).startsWith("22");
            assertThat(asterisk.cli("core show uptime")).contains("System uptime");
        }

        assertThat(ProcessHandle.of(phonePid).filter(ProcessHandle::isAlive)).as("baresip gone").isEmpty();
        assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(instanceMarker))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .toList()).as("no process of this Asterisk instance left").isEmpty();
    }

    @Test
    void sipCodeIsReadFromBaresipReasons() {
        assertThat(SipPhone.sipCode("404 Not Found")).isEqualTo(404);
        assertThat(SipPhone.sipCode("486 Busy Here")).isEqualTo(486);
        assertThat(SipPhone.sipCode("Connection reset by peer")).isZero();
        assertThat(SipPhone.sipCode("12")).isZero();
        assertThat(SipPhone.sipCode("4040 x")).isZero();
    }
}
