package org.tgari.it;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.tgari.media.audio.WavFile;

/** Failed Telegram calls reach the SIP phone as SIP failure responses, never as an answered call. */
class CallOutcomesIT {

    static AsteriskInstance asterisk;
    static TestGateway gateway;
    @TempDir static Path work;
    static Path mic;

    @BeforeAll
    static void start() throws Exception {
        asterisk = Asterisks.start();
        gateway = TestGateway.start(asterisk, Map.of("calls.no-answer-timeout", "2s"));
        mic = work.resolve("silence.wav");
        WavFile.writeMono16(mic, 8000, new short[8000 * 10]);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) gateway.close();
        if (asterisk != null) asterisk.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "tgbusy, 486, busy",
            "tg15550003, 486, busy",
            "tg*1003, 486, busy",
            "tgnobody, 404, not_found",
            "tg15559999, 404, not_found",
            "tg*4242, 404, not_found",
            "tgnoanswer, 480, no_answer",
            "tg1-2, 484, invalid_target"})
    void failureReachesThePhoneAsSipResponse(String extension, int sipCode, String outcome) throws Exception {
        double before = gateway.metric("tgari_calls_total", "outcome=\"" + outcome + "\"");
        try (var phone = SipPhone.start(mic, work.resolve(extension))) {
            phone.dial("sip:" + extension + "@127.0.0.1:" + asterisk.sipPort());
            CallResult r = phone.awaitEstablishedOrClosed(Duration.ofSeconds(15));
            assertThat(r).isInstanceOf(CallResult.Closed.class);
            assertThat(((CallResult.Closed) r).sipCode()).isEqualTo(sipCode);
        }
        TestGateway.await("the call to be released", Duration.ofSeconds(10), () -> gateway.runtime.gateway().activeCalls() == 0);
        assertThat(gateway.metric("tgari_calls_total", "outcome=\"" + outcome + "\"")).isEqualTo(before + 1);
    }
}
