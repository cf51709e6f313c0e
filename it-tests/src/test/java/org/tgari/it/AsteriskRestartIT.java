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
import org.tgari.telegram.sim.SimulatedTelegram;

/** Asterisk restarting mid-call: the call ends with a logged cause, tgari reconnects, the next call works. */
class AsteriskRestartIT {

    static AsteriskInstance asterisk;
    static TestGateway gateway;
    @TempDir static Path work;
    static Path mic;

    @BeforeAll
    static void start() throws Exception {
        asterisk = Asterisks.start();
        gateway = TestGateway.start(asterisk, Map.of());
        mic = TestGateway.toneWav(work, "tone.wav", 1000, -12, 20);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) gateway.close();
        if (asterisk != null) asterisk.close();
    }

    @Test
    void callInFlightEndsAndTheNextCallWorks() throws Exception {
        try (var phone = SipPhone.start(mic, work.resolve("before"))) {
            phone.dial("sip:600@127.0.0.1:" + asterisk.sipPort());
            assertThat(phone.awaitEstablishedOrClosed(Duration.ofSeconds(15))).isInstanceOf(CallResult.Established.class);
            TestGateway.await("call connected", Duration.ofSeconds(10), () -> gateway.runtime.gateway().activeCalls() == 1);

            asterisk.restart();

            TestGateway.await("the call in flight to end", Duration.ofSeconds(20), () -> gateway.runtime.gateway().activeCalls() == 0);
            assertThat(((SimulatedTelegram) gateway.runtime.line()).activeCalls()).isZero();
        }
        TestGateway.await("ARI reconnected", Duration.ofSeconds(30), () -> gateway.runtime.ariConnected());
        assertThat(gateway.admin("/health").statusCode()).isEqualTo(200);
        try (var phone = SipPhone.start(mic, work.resolve("after"))) {
            phone.dial("sip:600@127.0.0.1:" + asterisk.sipPort());
            assertThat(phone.awaitEstablishedOrClosed(Duration.ofSeconds(15))).isInstanceOf(CallResult.Established.class);
            TestGateway.await("echoed audio after the restart", Duration.ofSeconds(10), () -> gateway.runtime.gateway().describeCalls().stream()
                    .anyMatch(m -> ((Number) m.get("telegramPacketsIn")).longValue() > 10));
            phone.hangup();
            phone.awaitClosed(Duration.ofSeconds(10));
        }
        TestGateway.await("call released", Duration.ofSeconds(10), () -> gateway.runtime.gateway().activeCalls() == 0);
    }
}
