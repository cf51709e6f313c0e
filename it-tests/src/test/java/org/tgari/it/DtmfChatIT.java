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
import org.tgari.telegram.sim.SimulatedTelegram;

/**
 * Digits and caller info across the gap with a real phone and Asterisk: the phone dials 600 (the
 * simulated @echo) on a line with dtmf-to-chat and a call notice; @echo is told who calls before it
 * rings, the phone's RFC 4733 "123" reaches @echo as one chat message, and @echo's chat "5#" reaches the
 * phone as RFC 4733 DTMF (baresip reports each digit it receives).
 */
class DtmfChatIT {

    private static final long ECHO = 1001;

    static AsteriskInstance asterisk;
    @TempDir static Path work;
    static Path mic;

    @BeforeAll
    static void startAsterisk() throws Exception {
        asterisk = Asterisks.start();
        mic = TestGateway.toneWav(work, "tone-1k.wav", 1000.0, -12.0, 30);
    }

    @AfterAll
    static void stopAsterisk() {
        if (asterisk != null) asterisk.close();
    }

    @Test
    void phoneDigitsBecomeOneChatMessageAndChatDigitsBecomePhoneDtmf() throws Exception {
        Path dir = Files.createDirectories(work.resolve("dtmf"));
        try (var gw = TestGateway.start(asterisk, Map.of("line.main.dtmf-to-chat", "true", "line.main.call-notice", "Call from {name} {number}"));
             var phone = SipPhone.start(mic, dir)) {
            var sim = (SimulatedTelegram) gw.runtime.line();
            phone.dial("sip:600@127.0.0.1:" + asterisk.sipPort());
            assertThat(phone.awaitEstablishedOrClosed(Duration.ofSeconds(15))).isInstanceOf(CallResult.Established.class);
            TestGateway.await("the call connected", Duration.ofSeconds(10), () -> gw.runtime.gateway().describeCalls().stream()
                    .anyMatch(m -> "Connected".equals(m.get("state"))));
            // the phone calls as sip:tester@127.0.0.1 without a display name
            assertThat(sim.inboxes().of(ECHO)).as("the notice came before the call").containsExactly("Call from tester");

            phone.sendDtmf("123");
            TestGateway.await("the digits as a chat message", Duration.ofSeconds(10), () -> sim.inboxes().of(ECHO).size() >= 2);
            assertThat(sim.inboxes().of(ECHO)).containsExactly("Call from tester", "123");

            sim.deliverText(ECHO, "5#");
            assertThat(phone.awaitReceivedDtmf(2, Duration.ofSeconds(10))).isEqualTo("5#");

            phone.hangup();
            assertThat(phone.awaitClosed(Duration.ofSeconds(10))).isInstanceOf(CallResult.Closed.class);
            TestGateway.await("the call to be released", Duration.ofSeconds(10), () -> gw.runtime.gateway().activeCalls() == 0);
            assertThat(sim.inboxes().of(ECHO)).as("nothing more: @echo wrote nothing back, so no digits looped").hasSize(2);
        }
    }

    /** Telegram → SIP in extension mode: the SIP side tgari sees is the Local channel it originated, in front of the phone. */
    @Test
    void anInboundCallCarriesDigitsBothWaysThroughTheLocalChannel() throws Exception {
        Path dir = Files.createDirectories(work.resolve("inbound-dtmf"));
        try (var gw = TestGateway.start(asterisk, Map.of("line.main.inbound.mode", "extension", "line.main.inbound.extension", "100",
                     "line.main.dtmf-to-chat", "true"));
             var phone = SipPhone.startAnswering(mic, dir, "demo", "tgari-demo", asterisk.sipPort())) {
            TestGateway.awaitRegistered(asterisk, "demo");
            var sim = (SimulatedTelegram) gw.runtime.line();
            var caller = sim.ringLine(ECHO);
            phone.awaitAnsweredIncoming(Duration.ofSeconds(15));
            TestGateway.await("the call connected", Duration.ofSeconds(15), () -> gw.runtime.gateway().describeCalls().stream()
                    .anyMatch(m -> "Connected".equals(m.get("state"))));

            phone.sendDtmf("42");
            TestGateway.await("the phone's digits as a chat message", Duration.ofSeconds(10), () -> !sim.inboxes().of(ECHO).isEmpty());
            assertThat(sim.inboxes().of(ECHO)).containsExactly("42");

            sim.deliverText(ECHO, "7*");
            assertThat(phone.awaitReceivedDtmf(2, Duration.ofSeconds(10))).isEqualTo("7*");

            caller.hangup();
            assertThat(phone.awaitClosed(Duration.ofSeconds(10))).isInstanceOf(CallResult.Closed.class);
            TestGateway.await("the call to be released", Duration.ofSeconds(10), () -> gw.runtime.gateway().activeCalls() == 0);
        }
    }
}
