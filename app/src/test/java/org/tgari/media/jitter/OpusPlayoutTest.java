package org.tgari.media.jitter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.tgari.media.audio.ToneGenerator;

/**
 * The Opus playout in virtual time, with the gateway's settings (40 ms target, 300 ms bound): whatever
 * the sender's clock, the network or our own tick does, audio that arrives is played, and the call never
 * goes quiet for longer than the target while packets arrive.
 */
class OpusPlayoutTest {

    private static final int RATE = 16000;
    private static final int TARGET_MS = 40;
    private static final int TARGET_FRAMES = TARGET_MS / 20;

    /** 1 kHz at 16 kHz: a whole number of periods per packet, so one packet repeated is a steady tone. */
    private static byte[] tonePacket(int ms) {
        try {
            var enc = new OpusEncoder(RATE, 1, OpusApplication.OPUS_APPLICATION_VOIP);
            enc.setBitrate(24000);
            short[] pcm = new short[RATE * ms / 1000];
            var tone = new ToneGenerator(RATE, 1000, -12);
            byte[] out = new byte[1275];
            int n = 0;
            for (int warm = 0; warm < 5; warm++) {
                tone.next(pcm, 0, pcm.length);
                n = enc.encode(pcm, 0, pcm.length, out, 0, out.length);
            }
            return Arrays.copyOf(out, n);
        } catch (OpusException e) {
            throw new AssertionError(e);
        }
    }

    private static PlayoutSimulation.Receiver opus(int packetMs, int firstSeq, long firstTs) {
        byte[] pkt = tonePacket(packetMs);
        var jb = new OpusJitterBuffer(RATE, TARGET_MS, 300);
        return new PlayoutSimulation.Receiver() {
            @Override public void offer(int i) {
                jb.offer(firstSeq + i, firstTs + (long) i * 48 * packetMs, pkt, 0, pkt.length);
            }
            @Override public void pull(short[] out) { jb.pull(out, 0); }
            @Override public int frameSamples() { return jb.frameSamples(); }
            @Override public JitterStats stats() { return jb.stats(); }
        };
    }

    private static PlayoutSimulation.Receiver opus(int packetMs) {
        return opus(packetMs, 1000, 5000L);
    }

    /** A deterministic jitter of 0 to {@code spreadMs} per packet. */
    private static double jitter(int i, double spreadMs) {
        long h = (i * 0x9E3779B97F4A7C15L) >>> 40;
        return spreadMs * (h & 0xFFFF) / 65536.0;
    }

    /** Every frame heard; from {@code settledFrom} on (a burst of pulls before it can outrun any stream) no gap. */
    private static void playsEverythingWithoutGaps(String scenario, PlayoutSimulation.Run run, int packets, int framesPerPacket, int settledFrom) {
        long audible = Arrays.stream(run.levels()).filter(l -> l > PlayoutSimulation.SILENT_DBFS).count();
        System.out.printf("playout, %s: %s%n", scenario, run);
        assertThat(run.longestSilence(Math.max(settledFrom, run.firstAudible()), run.lastAudible())).as("gaps: %s", run)
                .isLessThanOrEqualTo(TARGET_FRAMES);
        assertThat(run.stats().played()).as("played: %s", run).isGreaterThanOrEqualTo((long) Math.ceil(0.99 * packets * framesPerPacket));
        assertThat(audible).as("audible frames: %s", run).isGreaterThanOrEqualTo((long) Math.ceil(0.99 * packets * framesPerPacket));
    }

    @ParameterizedTest(name = "{0} ms packets")
    @ValueSource(ints = {20, 60})
    void aLateTickThatCatchesUpInABurstDoesNotSilenceTheCall(int packetMs) {
        // The tick's first 20 pulls come 5 ms apart while the first packets arrive (a timer that started late).
        var run = new PlayoutSimulation().packets(1500 / (packetMs / 20), packetMs)
                .pulls(k -> k < 20 ? 5.0 * k : 20.0 * k - 300).run(opus(packetMs));
        playsEverythingWithoutGaps("catch-up burst at start, " + packetMs + " ms packets", run, 1500 / (packetMs / 20), packetMs / 20, 20);
        assertThat(run.stats().late()).isZero();
    }

    @Test
    void ourTickStallingAndCatchingUpMidCallLeavesNoGap() {
        // A 400 ms pause of our loop (GC, a loaded host) followed by 20 pulls 1 ms apart, every 10 s.
        var run = new PlayoutSimulation().packets(3000, 20).pulls(k -> {
            int inCycle = k % 500;
            double base = 100 + 20.0 * (k - inCycle);
            return inCycle >= 250 && inCycle <= 270 ? base + 5400 + (inCycle - 250) : base + 20.0 * inCycle;
        }).run(opus(20));
        playsEverythingWithoutGaps("our tick stalls 400 ms every 10 s", run, 3000, 1, 0);
    }

    @Test
    void spikesThatKeepComingRaiseTheDelayUntilTheyNoLongerRunItDry() {
        // tgcalls' 60 ms packets; every 3 s one is held 150 ms and the next ones bunch up behind it
        int packets = 60_000 / 60;
        var run = new PlayoutSimulation().packets(packets, 60).network(i -> {
            int sinceSpike = (i * 60) % 3000;
            return 30 + (sinceSpike < 150 ? 150 - sinceSpike : 0);
        }).run(opus(60));
        int half = run.streamEnd() / 2;
        // the first spikes stop the stream for longer than the delay covers; from the second half on, none may
        playsEverythingWithoutGaps("150 ms spikes every 3 s, 60 ms packets", run, packets, 3, half);
        System.out.printf("playout, spikes: concealed %d frames in the first half, %d in the second, held <= %d ms at the end%n",
                run.concealedFrom(0) - run.concealedFrom(half), run.concealedFrom(half), run.maxDelayMsInLast(10));
        assertThat(run.concealedFrom(half)).as("once the delay covers the spikes, they conceal nothing: %s", run).isLessThanOrEqualTo(3);
        assertThat(run.maxDelayMsInLast(10)).as("but not more delay than they need").isLessThanOrEqualTo(TARGET_MS + 150 + 80);
    }

    @Test
    void aTwoSecondStallThenAFloodResumesAtOnceAndShedsTheBacklog() {
        var sim = new PlayoutSimulation().packets(500, 20)
                .network(i -> i * 20 >= 2000 && i * 20 < 4000 ? 4000 - i * 20 + 30 : 30);
        var run = sim.run(opus(20));
        System.out.printf("playout, a 2 s stall then a flood: %s%n", run);
        int floodFrame = (4030 - 100) / 20;
        assertThat(run.longestSilence(floodFrame, run.lastAudible())).as("after the flood: %s", run).isLessThanOrEqualTo(TARGET_FRAMES);
        assertThat(run.stats().played()).as("%s", run).isGreaterThanOrEqualTo((long) Math.ceil(0.99 * 400));
        // the 2 s backlog is gone; what stays is the target and the cushion the outage added (at most 100 ms)
        assertThat(run.maxDelayMsInLast(5)).as("the backlog is shed: %s", run).isLessThanOrEqualTo(TARGET_MS + 100 + 60);
        assertThat(run.lastAudible()).as("heard to the end").isGreaterThanOrEqualTo(run.levels().length - 15);
    }

    @ParameterizedTest(name = "sender clock x{0}")
    @ValueSource(doubles = {0.999, 1.001, 0.995, 1.005})
    void thirtyMinutesOfASenderWhoseClockDriftsPlayThroughAtABoundedDelay(double speed) {
        int packets = 30 * 60 * 50;
        var run = new PlayoutSimulation().packets(packets, 20).senderSpeed(speed).network(i -> 30 + jitter(i, 10)).run(opus(20));
        playsEverythingWithoutGaps("30 min, sender clock x" + speed, run, packets, 1, 0);
        var s = run.stats();
        assertThat(s.late()).as("%s", run).isZero();
        assertThat(run.maxDelayMsInLast(60)).as("delay in the last minute: %s", run).isLessThanOrEqualTo(TARGET_MS + 80);
        long changes = speed > 1 ? s.compressed() : s.expanded();
        assertThat(changes).as("frames taken out or added for the drift: %s", run)
                .isBetween((long) (packets * Math.abs(speed - 1) * 0.8), (long) (packets * Math.abs(speed - 1) * 1.2) + 15);
    }

    @Test
    void sequenceAndTimestampWrapAroundMidCall() {
        var run = new PlayoutSimulation().packets(500, 20).network(i -> 30 + jitter(i, 15))
                .run(opus(20, 65_400, 0xFFFF_FFFFL - 960L * 200));
        playsEverythingWithoutGaps("sequence and timestamp wrap", run, 500, 1, 0);
    }

    @Test
    void reorderedAndDuplicatedPacketsPlayOnceInOrder() {
        // Every third packet overtaken by its successor; every seventh sent twice.
        var run = new PlayoutSimulation().packets(1000, 20).network(i -> i % 3 == 1 ? 55 : 30)
                .duplicates(i -> i % 7 == 0).run(opus(20));
        playsEverythingWithoutGaps("reordering and duplicates", run, 1000, 1, 0);
        assertThat(run.stats().duplicates()).isEqualTo(143);
        assertThat(run.stats().played()).isLessThanOrEqualTo(1000);
    }

    @Test
    void aSenderThatRestartsItsTimestampsIsFollowed() {
        byte[] pkt = tonePacket(20);
        var jb = new OpusJitterBuffer(RATE, TARGET_MS, 300);
        var rx = new PlayoutSimulation.Receiver() {
            @Override public void offer(int i) {
                long ts = i < 250 ? 500_000L + 960L * i : 960L * (i - 250); // back by ten seconds at packet 250
                jb.offer(i, ts, pkt, 0, pkt.length);
            }
            @Override public void pull(short[] out) { jb.pull(out, 0); }
            @Override public int frameSamples() { return jb.frameSamples(); }
            @Override public JitterStats stats() { return jb.stats(); }
        };
        var run = new PlayoutSimulation().packets(500, 20).run(rx);
        assertThat(run.longestSilenceWhileAudible()).as("%s", run).isLessThanOrEqualTo(10);
        assertThat(run.stats().played()).as("%s", run).isGreaterThanOrEqualTo(480);
    }
}
