package org.tgari.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgari.it.harness.AsteriskInstance;
import org.tgari.it.harness.Asterisks;
import org.tgari.it.harness.NetNamespace;
import org.tgari.it.tgcalls.Implementation;
import org.tgari.media.audio.ToneAnalyzer;
import org.tgari.media.audio.WavFile;
import org.tgari.routing.CallOutcome;
import org.tgari.telegram.sim.SimulatedTelegram;

/**
 * Ask mode heard from the Telegram side by Telegram's own call library: the simulated user @tgcalls
 * (tgcalls-peer's tgpeer, silent microphone, recording what it hears) calls a line in ask mode and
 * writes nothing. The caller's bridge holds only its own leg and the prompt, so whatever tgcalls hears
 * that is not silence is the prompt: it must hear more than a second of it, while the call is asking.
 */
class AskPromptIT {

    private static final long TGCALLS_USER = 1005;
    private static final int TGCALLS_SECONDS = 10;

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
    void theAskedCallerHearsThePromptAsAudioBeforeWritingAnything() throws Exception {
        Path silence = work.resolve("silence-48k.wav");
        WavFile.writeMono16(silence, 48000, new short[48000 * 2]);
        Path heardByTgcalls = work.resolve("tgcalls-heard.wav");
        try (var ns = NetNamespace.create()) {
            String farEnd = String.join(" ", Implementation.launcher().toString(), "--ns", ns.name(), "--in", silence.toString(),
                    "--out", heardByTgcalls.toString(), "--seconds", Integer.toString(TGCALLS_SECONDS));
            try (var gw = TestGateway.start(asterisk, Map.of("line.main.inbound.mode", "ask", "line.main.inbound.context", "from-telegram",
                    "telegram.sim.reflector-host", ns.hostAddress(), "telegram.sim.external-peer", farEnd))) {
                var sim = (SimulatedTelegram) gw.runtime.line();
                var caller = sim.ringLine(TGCALLS_USER);
                TestGateway.await("the caller is asked", Duration.ofSeconds(20), () -> "Asking".equals(call(gw, "state")));
                // tgcalls hangs up after its seconds, still asked: nothing was written
                assertThat(caller.ended().get(TGCALLS_SECONDS + 20, TimeUnit.SECONDS)).isEqualTo(CallOutcome.ANSWERED);
                TestGateway.await("the call to be released", Duration.ofSeconds(10), () -> gw.runtime.gateway().activeCalls() == 0);
                assertThat(gw.metric("tgari_calls_total", "outcome=\"cancelled\"")).as("ended by the caller while asked").isEqualTo(1.0);
                TestGateway.await("tgcalls' recording", Duration.ofSeconds(10), () -> Files.isRegularFile(heardByTgcalls));
            }
        }
        var heard = WavFile.readAudio(heardByTgcalls);
        int rate = heard.sampleRate(), block = rate / 10;
        int audible = 0;
        double loudest = Double.NEGATIVE_INFINITY;
        StringBuilder profile = new StringBuilder();
        for (int off = 0; off + block <= heard.samples().length; off += block) {
            double dbfs = ToneAnalyzer.rmsDbfs(heard.samples(), off, block);
            if (dbfs > -45) audible++;
            loudest = Math.max(loudest, dbfs);
            if (off % (rate / 2) == 0) profile.append(String.format("%.1f:%.0fdB ", off / (double) rate, dbfs));
        }
        System.out.printf("ask prompt heard by tgcalls: %d audible 100 ms blocks of %d, loudest %.1f dBFS: %s%n", audible,
                heard.samples().length / block, loudest, profile);
        assertThat(audible).as("more than a second of the prompt reached Telegram's own library").isGreaterThanOrEqualTo(10);
        assertThat(loudest).as("at a speaking level").isGreaterThan(-30.0);
        // the prompt plays once per try and the try's time (30 s) outlasts the call: its last seconds are silent,
        // so what was heard is the prompt, not something that keeps sounding
        int tail = 3 * rate;
        assertThat(ToneAnalyzer.rmsDbfs(heard.samples(), heard.samples().length - tail, tail)).as("the last 3 s, after the prompt")
                .isLessThan(-60.0);
    }

    /** A field of the one call in progress, or null when there is none. */
    private static Object call(TestGateway gw, String field) {
        var calls = gw.runtime.gateway().describeCalls();
        return calls.isEmpty() ? null : calls.getFirst().get(field);
    }
}
