package org.tgari.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/** A second tgari for the same Stasis app is refused, unless it is told to take over; the replaced one says so. */
class AppOwnershipIT {

    static AsteriskInstance asterisk;
    @TempDir static Path work;
    static Path mic;

    @BeforeAll
    static void start() throws Exception {
        asterisk = Asterisks.start();
        mic = TestGateway.toneWav(work, "tone.wav", 700, -15, 10);
    }

    @AfterAll
    static void stop() {
        if (asterisk != null) asterisk.close();
    }

    private void callReaches(TestGateway gateway, String name) throws Exception {
        try (var phone = SipPhone.start(mic, work.resolve(name))) {
            phone.dial("sip:600@127.0.0.1:" + asterisk.sipPort());
            assertThat(phone.awaitEstablishedOrClosed(Duration.ofSeconds(15))).isInstanceOf(CallResult.Established.class);
            TestGateway.await("the call in " + name, Duration.ofSeconds(10), () -> gateway.runtime.gateway().activeCalls() == 1);
            phone.hangup();
            phone.awaitClosed(Duration.ofSeconds(10));
        }
        TestGateway.await("call released", Duration.ofSeconds(10), () -> gateway.runtime.gateway().activeCalls() == 0);
    }

    @Test
    void secondInstanceIsRefusedThenTakesOverWhenTold() throws Exception {
        try (var first = TestGateway.start(asterisk, Map.of())) {
            assertThatThrownBy(() -> TestGateway.start(asterisk, Map.of()).close())
                    .hasMessageContaining("Stasis app 'telegram'")
                    .hasMessageContaining("already served by a live tgari")
                    .hasMessageContaining("ari.take-over=true");
            assertThat(first.admin("/health").statusCode()).isEqualTo(200);
            callReaches(first, "first");

            try (var second = TestGateway.start(asterisk, Map.of("ari.take-over", "true"))) {
                TestGateway.await("the first to report it was replaced", Duration.ofSeconds(10),
                        () -> status(first) == 503);
                assertThat(first.admin("/health").body()).contains("replaced by another instance");
                assertThat(second.admin("/health").statusCode()).isEqualTo(200);
                callReaches(second, "second");
                assertThat(first.runtime.gateway().activeCalls()).isZero();
            }
        }
    }

    private static int status(TestGateway g) {
        try {
            return g.admin("/health").statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
