package org.tgari.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgari.it.harness.AsteriskInstance;
import org.tgari.it.harness.Asterisks;
import org.tgari.it.harness.CallResult;
import org.tgari.it.harness.SipPhone;
import org.tgari.routing.CallOutcome;
import org.tgari.telegram.sim.LineCaller;
import org.tgari.telegram.sim.SimulatedTelegram;

/**
 * Telegram → SIP in extension mode when nobody talks: the demo phone (baresip, ringing until told) turns
 * the call down with 486 and the simulated caller sees a decline; the caller gives up while the phone
 * rings and the phone stops ringing; a caller outside the line's allowlist (extension mode) or on its
 * denylist (ask mode, which otherwise answers at once) is declined without Asterisk seeing a call.
 */
class InboundOutcomesIT {

    private static final long ECHO = 1001;
    private static final long TONE = 1002;
    private static final Map<String, String> EXTENSION_LINE = Map.of("line.main.inbound.mode", "extension", "line.main.inbound.extension", "100");
    private static final Pattern PROCESSED = Pattern.compile("(\\d+) calls? processed");

    static AsteriskInstance asterisk;
    @TempDir static Path work;
    // one phone for the class: a phone per test could be checked as registered by its predecessor's contact
    static SipPhone phone;

    @BeforeAll
    static void startAsteriskAndPhone() throws Exception {
        asterisk = Asterisks.start();
        Path mic = TestGateway.toneWav(work, "tone-1k.wav", 1000.0, -12.0, 30);
        phone = SipPhone.startRinging(mic, Files.createDirectories(work.resolve("phone")), "demo", "tgari-demo", asterisk.sipPort());
        TestGateway.awaitRegistered(asterisk, "demo");
    }

    @AfterAll
    static void stop() {
        if (phone != null) phone.close();
        if (asterisk != null) asterisk.close();
    }

    @Test
    void aBusyPhoneDeclinesTheTelegramCall() throws Exception {
        try (var gw = TestGateway.start(asterisk, EXTENSION_LINE)) {
            LineCaller caller = sim(gw).ringLine(ECHO);
            assertThat(phone.awaitIncoming(Duration.ofSeconds(15))).as("the phone rings with the caller's number").contains("+15550001");
            assertThat(caller.ended()).as("still ringing for the Telegram caller").isNotDone();
            phone.rejectIncoming();

            assertThat(caller.ended().get(15, TimeUnit.SECONDS)).as("what the Telegram caller sees").isEqualTo(CallOutcome.DECLINED);
            assertThat(phone.awaitClosed(Duration.ofSeconds(5))).isInstanceOf(CallResult.Closed.class);
            awaitNothingLeft(gw);
            assertThat(gw.metric("tgari_calls_total", "outcome=\"busy\"")).as("the dialplan's Hangup(17) read as busy").isEqualTo(1.0);
            assertThat(gw.metric("tgari_inbound_sip_leg_total", "outcome=\"busy\"")).isEqualTo(1.0);
        }
    }

    @Test
    void theTelegramCallerGivingUpStopsThePhoneRinging() throws Exception {
        try (var gw = TestGateway.start(asterisk, EXTENSION_LINE)) {
            LineCaller caller = sim(gw).ringLine(ECHO);
            assertThat(phone.awaitIncoming(Duration.ofSeconds(15))).contains("+15550001");
            TestGateway.await("the originated channel ringing in Asterisk", Duration.ofSeconds(5), () -> channels(gw).contains("\"Ring"));
            caller.hangup();

            assertThat(phone.awaitClosed(Duration.ofSeconds(10))).as("the phone stops ringing").isInstanceOf(CallResult.Closed.class);
            assertThat(phone.wasEstablished()).isFalse();
            assertThat(caller.ended().get(5, TimeUnit.SECONDS)).isEqualTo(CallOutcome.CANCELLED);
            awaitNothingLeft(gw);
            assertThat(gw.metric("tgari_calls_total", "outcome=\"cancelled\"")).isEqualTo(1.0);
        }
    }

    @Test
    void aCallerOutsideTheAllowlistIsDeclinedWithoutTouchingAsterisk() throws Exception {
        var settings = new java.util.HashMap<>(EXTENSION_LINE);
        settings.put("line.main.inbound.allow", "+15550002");
        try (var gw = TestGateway.start(asterisk, settings)) {
            long processedBefore = callsProcessed();
            LineCaller refused = sim(gw).ringLine(ECHO);
            // admission is decided while the line offers the call: an admitted call would be counted by now
            assertThat(gw.runtime.gateway().activeCalls()).as("no call admitted").isZero();
            assertThat(refused.ended().get(5, TimeUnit.SECONDS)).as("what @echo sees").isEqualTo(CallOutcome.DECLINED);
            assertThat(channels(gw)).as("no channel in Asterisk").isEqualTo("[]");
            assertThat(callsProcessed()).as("no call in Asterisk's count").isEqualTo(processedBefore);

            // the control: an allowed caller on the same line does reach Asterisk and rings the phone
            LineCaller allowed = sim(gw).ringLine(TONE);
            assertThat(phone.awaitIncoming(Duration.ofSeconds(15))).contains("+15550002");
            allowed.hangup();
            assertThat(phone.awaitClosed(Duration.ofSeconds(10))).isInstanceOf(CallResult.Closed.class);
            awaitNothingLeft(gw);
            long processed = callsProcessed() - processedBefore;
            // the allowed call: its Local channel pair and the dial to the phone; the refused one would add to it
            System.out.printf("allowlist: Asterisk processed %d call(s) for the allowed caller alone%n", processed);
            assertThat(processed).as("Asterisk saw the allowed caller's call").isPositive();
            assertThat(gw.metric("tgari_calls_total", "outcome=\"cancelled\"")).as("only the allowed call counted").isEqualTo(1.0);
            assertThat(sim(gw).activeCalls()).isZero();
        }
    }

    /** An ask-mode line answers at once: a denied caller must be declined before that, still without Asterisk. */
    @Test
    void aDeniedCallerOfAnAskLineIsDeclinedNotAnswered() throws Exception {
        try (var gw = TestGateway.start(asterisk, Map.of("line.main.inbound.mode", "ask", "line.main.inbound.deny", "@echo"))) {
            long processedBefore = callsProcessed();
            LineCaller refused = sim(gw).ringLine(ECHO);
            assertThat(gw.runtime.gateway().activeCalls()).as("no call admitted").isZero();
            assertThat(refused.ended().get(5, TimeUnit.SECONDS)).as("declined, not answered and hung up").isEqualTo(CallOutcome.DECLINED);
            assertThat(channels(gw)).isEqualTo("[]");
            assertThat(callsProcessed()).isEqualTo(processedBefore);
            assertThat(callsCounted(gw)).as("no call counted, whatever its outcome").isZero();
        }
    }

    /** tgari_calls_total summed over its outcomes. */
    private static double callsCounted(TestGateway gw) throws Exception {
        return gw.admin("/metrics").body().lines().filter(l -> l.startsWith("tgari_calls_total{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static SimulatedTelegram sim(TestGateway gw) {
        return (SimulatedTelegram) gw.runtime.line();
    }

    private static String channels(TestGateway gw) {
        try {
            return gw.ari("/channels");
        } catch (Exception e) {
            return "(ARI: " + e.getMessage() + ")";
        }
    }

    /** Asterisk's count of calls since it started ({@code core show channels count}). */
    private static long callsProcessed() throws Exception {
        String out = asterisk.cli("core show channels count");
        Matcher m = PROCESSED.matcher(out);
        if (!m.find()) throw new IllegalStateException("no 'calls processed' in: " + out);
        return Long.parseLong(m.group(1));
    }

    /** The call released, and no channel or bridge of it left in Asterisk. */
    private static void awaitNothingLeft(TestGateway gw) throws InterruptedException {
        TestGateway.await("the call to be released", Duration.ofSeconds(10), () -> gw.runtime.gateway().activeCalls() == 0);
        TestGateway.await("no channel or bridge left", Duration.ofSeconds(10), () -> {
            try {
                return gw.ari("/channels").equals("[]") && gw.ari("/bridges").equals("[]");
            } catch (Exception e) {
                return false;
            }
        });
    }
}
