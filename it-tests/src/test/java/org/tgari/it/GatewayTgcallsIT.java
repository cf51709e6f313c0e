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
import org.tgari.it.harness.NetNamespace;
import org.tgari.it.harness.SipPhone;
import org.tgari.it.tgcalls.Implementation;
import org.tgari.it.tgcalls.WholeCallTone;
import org.tgari.media.audio.ToneAnalyzer;
import org.tgari.media.audio.ToneGenerator;
import org.tgari.media.audio.WavFile;

/**
 * The whole gateway against Telegram's own call library: a SIP phone (baresip) dials through Asterisk
 * and tgari a simulated Telegram user whose far end is tgcalls itself (tgcalls-peer's tgpeer, in a
 * network namespace of its own, relayed through the simulated reflector on our side of its veth). Both
 * hear the other's tone in every second of the call, on the first call after tgari starts and the next.
 */
class GatewayTgcallsIT {

    private static final double PHONE_HZ = 1000, TGCALLS_HZ = 600, DBFS = -10;
    private static final int TGCALLS_SECONDS = 12;

    static AsteriskInstance asterisk;
    @TempDir static Path work;

    @BeforeAll
    static void startAsterisk() throws Exception {
        asterisk = Asterisks.start();
    }

    @AfterAll
    static void stopAsterisk() {
        if (asterisk != null) asterisk.close();
    }

    @Test
    void aSipPhoneAndTgcallsHearEachOtherForTheWholeCallFromTheFirstCallOn() throws Exception {
        Path phoneMic = TestGateway.toneWav(work, "phone-1k.wav", PHONE_HZ, DBFS, 30);
        double phoneSent = sentLevel(phoneMic, PHONE_HZ);
        short[] tg = new short[2 * 48000]; // whole cycles of 600 Hz: the loop joins without a click
        new ToneGenerator(48000, TGCALLS_HZ, DBFS).next(tg, 0, tg.length);
        Path tgMic = work.resolve("tgcalls-600.wav");
        WavFile.writeMono16(tgMic, 48000, tg);
        // tgcalls' own capture processing takes its microphone's tone down before it goes on the wire
        double tgSent = ToneAnalyzer.toneLevelDbfs(tg, 0, 48000, 48000, TGCALLS_HZ) + Implementation.TGCALLS_CAPTURE_CHANGE_DB;

        try (var ns = NetNamespace.create()) {
            for (int call = 1; call <= 2; call++) {
                Path heardByTgcalls = work.resolve("tgcalls-heard-" + call + ".wav");
                String farEnd = String.join(" ", Implementation.launcher().toString(), "--ns", ns.name(), "--in", tgMic.toString(),
                        "--out", heardByTgcalls.toString(), "--seconds", Integer.toString(TGCALLS_SECONDS));
                Path dir = Files.createDirectories(work.resolve("call-" + call));
                // a fresh gateway for the first call: the first media call after start is the one that went silent
                try (var gw = TestGateway.start(asterisk, Map.of("telegram.sim.reflector-host", ns.hostAddress(),
                        "telegram.sim.external-peer", farEnd));
                     var phone = SipPhone.start(phoneMic, dir)) {
                    phone.dial("sip:tg15550005@127.0.0.1:" + asterisk.sipPort());
                    assertThat(phone.awaitEstablishedOrClosed(Duration.ofSeconds(15))).isInstanceOf(CallResult.Established.class);
                    // tgcalls hangs up after its seconds; the phone hears the end
                    assertThat(phone.awaitClosed(Duration.ofSeconds(TGCALLS_SECONDS + 10))).isInstanceOf(CallResult.Closed.class);
                    TestGateway.await("the call to be released", Duration.ofSeconds(10), () -> gw.runtime.gateway().activeCalls() == 0);
                    TestGateway.await("tgcalls' recording", Duration.ofSeconds(10), () -> Files.isRegularFile(heardByTgcalls));

                    var phoneHeard = WavFile.readAudio(phone.lastReceivedRecording());
                    double phoneSeconds = phoneHeard.samples().length / (double) phoneHeard.sampleRate();
                    // the first second holds set-up; the last half second the hang-up
                    var byPhone = WholeCallTone.judge(phoneHeard, 1.0, phoneSeconds - 0.5, TGCALLS_HZ, tgSent,
                            Implementation.TGCALLS.levelToleranceDb());
                    var tgHeard = WavFile.readAudio(heardByTgcalls);
                    // tgpeer's timeline starts with its process; the phone is answered (and its tone starts) once
                    // the media path is up, so the judging starts a second after the tone's onset
                    var byTgcalls = WholeCallTone.judge(tgHeard, TGCALLS_SECONDS - 0.5, TGCALLS_SECONDS - 5, PHONE_HZ, phoneSent);
                    System.out.printf("gateway <-> tgcalls, call %d: phone heard %s%n  tgcalls heard %s%n", call,
                            byPhone.describe(), byTgcalls.describe());
                    assertThat(phoneSeconds).as("the phone's call lasted").isGreaterThan(TGCALLS_SECONDS - 4.0);
                    assertThat(byPhone.windows()).hasSizeGreaterThanOrEqualTo(TGCALLS_SECONDS - 5);
                    assertThat(byPhone.allGood()).as("call %d, the phone heard tgcalls every second: %s", call, byPhone.describe()).isTrue();
                    assertThat(byTgcalls.allGood()).as("call %d, tgcalls heard the phone every second: %s", call, byTgcalls.describe()).isTrue();
                    assertThat(gw.metric("tgari_calls_total", "outcome=\"answered\"")).isEqualTo(1.0);
                }
            }
        }
    }

    private static double sentLevel(Path wav, double hz) throws Exception {
        var a = WavFile.readAudio(wav);
        return ToneAnalyzer.toneLevelDbfs(a.samples(), 0, a.sampleRate(), a.sampleRate(), hz);
    }
}
