package org.tgari.it;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * Graceful drain of a tgari process: SIGTERM (or POST /drain) with calls up refuses new callers with 503,
 * lets the calls go on until their callers hang up, and exits 0; at the drain's deadline it ends what is
 * left and exits 0 all the same.
 */
class DrainIT {

    static AsteriskInstance asterisk;
    @TempDir static Path work;
    static Path mic;

    @BeforeAll
    static void start() throws Exception {
        asterisk = Asterisks.start();
        mic = TestGateway.toneWav(work, "tone.wav", 1000, -12, 60);
    }

    @AfterAll
    static void stop() {
        if (asterisk != null) asterisk.close();
    }

    private String dial() {
        return "sip:600@127.0.0.1:" + asterisk.sipPort();
    }

    @Test
    void sigtermLetsTwoCallsFinishRefusesANewOneAndExitsZero() throws Exception {
        try (var tgari = TgariProcess.start(asterisk, work.resolve("sigterm.log"), Map.of("calls.drain-timeout", "60s"));
             var first = SipPhone.start(mic, work.resolve("first"));
             var second = SipPhone.start(mic, work.resolve("second"));
             var late = SipPhone.start(mic, work.resolve("late"))) {
            tgari.awaitHealthy(Duration.ofSeconds(60));
            first.dial(dial());
            second.dial(dial());
            assertThat(first.awaitEstablishedOrClosed(Duration.ofSeconds(20))).isInstanceOf(CallResult.Established.class);
            assertThat(second.awaitEstablishedOrClosed(Duration.ofSeconds(20))).isInstanceOf(CallResult.Established.class);

            tgari.terminate();
            TestGateway.await("/health saying DRAINING", Duration.ofSeconds(10), () -> tgari.healthStatus() == 503);
            assertThat(tgari.admin("/health")).contains("DRAINING");
            late.dial(dial());
            CallResult refused = late.awaitEstablishedOrClosed(Duration.ofSeconds(15));
            assertThat(refused).as("a new call while draining").isInstanceOf(CallResult.Closed.class);
            assertThat(((CallResult.Closed) refused).sipCode()).isEqualTo(503);
            assertThat(tgari.alive()).as("still serving the two calls").isTrue();

            first.hangup();
            assertThat(first.awaitClosed(Duration.ofSeconds(10))).isInstanceOf(CallResult.Closed.class);
            assertThat(tgari.alive()).as("one call left").isTrue();
            second.hangup();
            assertThat(second.awaitClosed(Duration.ofSeconds(10))).isInstanceOf(CallResult.Closed.class);
            assertThat(tgari.awaitExit(Duration.ofSeconds(20))).as("exit code once the last call ended").isZero();
        }
    }

    @Test
    void aDrainByTheAdminApiEndsWhatIsLeftAtItsDeadlineAndExitsZero() throws Exception {
        try (var tgari = TgariProcess.start(asterisk, work.resolve("deadline.log"), Map.of("calls.drain-timeout", "2s"));
             var phone = SipPhone.start(mic, work.resolve("stays"))) {
            tgari.awaitHealthy(Duration.ofSeconds(60));
            phone.dial(dial());
            assertThat(phone.awaitEstablishedOrClosed(Duration.ofSeconds(20))).isInstanceOf(CallResult.Established.class);
            assertThat(tgari.post("/drain")).isEqualTo(202);
            assertThat(phone.awaitClosed(Duration.ofSeconds(20))).as("the call ended at the deadline").isInstanceOf(CallResult.Closed.class);
            assertThat(tgari.awaitExit(Duration.ofSeconds(20))).isZero();
        }
    }
}
