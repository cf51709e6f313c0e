package org.tgari.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
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

/** Calls leave nothing behind: no channel or bridge in Asterisk, no far end, no thread. */
class CleanupIT {

    static AsteriskInstance asterisk;
    static TestGateway gateway;
    @TempDir static Path work;
    static Path mic;

    @BeforeAll
    static void start() throws Exception {
        asterisk = Asterisks.start();
        gateway = TestGateway.start(asterisk, Map.of());
        mic = TestGateway.toneWav(work, "tone.wav", 800, -15, 10);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) gateway.close();
        if (asterisk != null) asterisk.close();
    }

    private void oneCall(SipPhone phone, String extension, boolean expectAnswer) throws Exception {
        phone.dial("sip:" + extension + "@127.0.0.1:" + asterisk.sipPort());
        CallResult r = phone.awaitEstablishedOrClosed(Duration.ofSeconds(15));
        if (expectAnswer) {
            assertThat(r).isInstanceOf(CallResult.Established.class);
            TestGateway.await("echoed audio", Duration.ofSeconds(10), () -> gateway.runtime.gateway().describeCalls().stream()
                    .anyMatch(m -> ((Number) m.get("telegramPacketsIn")).longValue() > 10));
            phone.hangup();
            assertThat(phone.awaitClosed(Duration.ofSeconds(10))).isInstanceOf(CallResult.Closed.class);
        } else {
            assertThat(r).isInstanceOf(CallResult.Closed.class);
        }
        TestGateway.await("call released", Duration.ofSeconds(10), () -> gateway.runtime.gateway().activeCalls() == 0);
    }

    @Test
    void fiftyCallsInARowLeaveNoChannelBridgePeerOrThread() throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        try (var phone = SipPhone.start(mic, work.resolve("phone"))) {
            for (int i = 0; i < 3; i++) oneCall(phone, "600", true);
            int baseline = threads.getThreadCount();
            for (int i = 0; i < 50; i++) {
                oneCall(phone, i % 5 == 4 ? "tgbusy" : "600", i % 5 != 4);
            }
            TestGateway.await("no channels in Asterisk", Duration.ofSeconds(10), () -> ariEmpty("/channels"));
            assertThat(gateway.ari("/channels")).isEqualTo("[]");
            assertThat(gateway.ari("/bridges")).isEqualTo("[]");
            assertThat(((SimulatedTelegram) gateway.runtime.line()).activeCalls()).isZero();
            TestGateway.await("thread count back at " + baseline, Duration.ofSeconds(30), () -> threads.getThreadCount() <= baseline);
            assertThat(gateway.metric("tgari_calls_active", "")).isZero();
        }
    }

    private static boolean ariEmpty(String path) {
        try {
            return gateway.ari(path).equals("[]");
        } catch (Exception e) {
            return false;
        }
    }
}
