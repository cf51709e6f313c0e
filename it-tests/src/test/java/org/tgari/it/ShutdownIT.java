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

/** Stopping tgari during a call: once close returns, Asterisk has destroyed the call's bridge and the phone is hung up. */
class ShutdownIT {

    static AsteriskInstance asterisk;
    static TestGateway gateway;
    static boolean closed;
    @TempDir static Path work;

    @BeforeAll
    static void start() throws Exception {
        asterisk = Asterisks.start();
        gateway = TestGateway.start(asterisk, Map.of());
    }

    @AfterAll
    static void stop() {
        if (gateway != null && !closed) gateway.close();
        if (asterisk != null) asterisk.close();
    }

    @Test
    void stoppingMidCallHangsThePhoneUpAndLeavesNoBridgeOnceCloseReturns() throws Exception {
        Path mic = TestGateway.toneWav(work, "tone.wav", 800, -15, 10);
        try (var phone = SipPhone.start(mic, work.resolve("phone"))) {
            phone.dial("sip:600@127.0.0.1:" + asterisk.sipPort());
            assertThat(phone.awaitEstablishedOrClosed(Duration.ofSeconds(15))).isInstanceOf(CallResult.Established.class);
            TestGateway.await("the call is bridged", Duration.ofSeconds(10), () -> !ari("/bridges").equals("[]"));
            closed = true;
            gateway.close(); // what SIGTERM runs
            // tgari waited for Asterisk's answers to its hang-ups and bridge destroys before it let go of ARI
            assertThat(gateway.ari("/bridges")).isEqualTo("[]");
            assertThat(phone.awaitClosed(Duration.ofSeconds(10))).as("the phone got its BYE").isInstanceOf(CallResult.Closed.class);
            TestGateway.await("no channels in Asterisk", Duration.ofSeconds(10), () -> ari("/channels").equals("[]"));
        }
    }

    private static String ari(String path) {
        try {
            return gateway.ari(path);
        } catch (Exception e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
