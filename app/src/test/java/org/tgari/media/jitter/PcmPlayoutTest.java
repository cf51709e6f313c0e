package org.tgari.media.jitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tgari.media.audio.ToneGenerator;

/**
 * The PCM playout toward Telegram (frames from Asterisk) in virtual time, with the gateway's settings
 * (one frame of target, 15 frames of room): a late or bursting tick, a stall, drift and wrap-around
 * never leave it silent while frames arrive.
 */
class PcmPlayoutTest {

    private static final int FRAME = 160;

    private static PlayoutSimulation.Receiver pcm(int firstSeq) {
        short[] tone = new short[FRAME];
        new ToneGenerator(8000, 1000, -12).next(tone, 0, FRAME);
        var jb = new PcmJitterBuffer(FRAME, 1, 15);
        return new PlayoutSimulation.Receiver() {
            @Override public void offer(int i) { jb.offer(firstSeq + i, tone, 0); }
            @Override public void pull(short[] out) { jb.pull(out, 0); }
            @Override public int frameSamples() { return FRAME; }
            @Override public JitterStats stats() { return jb.stats(); }
        };
    }

    /** Every frame heard; from {@code settledFrom} on (a burst of pulls before it can outrun any stream) no gap. */
    private static void playsEverythingWithoutGaps(String scenario, PlayoutSimulation.Run run, int frames, int settledFrom) {
        long audible = Arrays.stream(run.levels()).filter(l -> l > PlayoutSimulation.SILENT_DBFS).count();
        System.out.printf("playout, %s: %s%n", scenario, run);
        assertThat(run.longestSilence(Math.max(settledFrom, run.firstAudible()), run.lastAudible())).as("gaps: %s", run).isLessThanOrEqualTo(1);
        assertThat(run.stats().played()).as("played: %s", run).isGreaterThanOrEqualTo((long) Math.ceil(0.99 * frames));
        assertThat(audible).as("audible: %s", run).isGreaterThanOrEqualTo((long) Math.ceil(0.99 * frames));
    }

    @Test
    void aLateTickThatCatchesUpInABurstDoesNotSilenceTheCall() {
        var run = new PlayoutSimulation().packets(1500, 20).network(i -> 5)
                .pulls(k -> k < 20 ? 5.0 * k : 20.0 * k - 300).run(pcm(100));
        playsEverythingWithoutGaps("catch-up burst at start", run, 1500, 20);
        assertThat(run.stats().late()).isZero();
    }

    @Test
    void aTwoSecondStallThenAFloodResumesAtOnce() {
        var run = new PlayoutSimulation().packets(500, 20)
                .network(i -> i * 20 >= 2000 && i * 20 < 4000 ? 4000 - i * 20 + 5 : 5).run(pcm(100));
        System.out.printf("playout, a 2 s stall then a flood: %s%n", run);
        int floodFrame = (4005 - 100) / 20;
        assertThat(run.longestSilence(floodFrame, run.lastAudible())).as("%s", run).isLessThanOrEqualTo(1);
        assertThat(run.maxDelayMsInLast(5)).as("the backlog is shed: %s", run).isLessThanOrEqualTo(80);
        assertThat(run.lastAudible()).isGreaterThanOrEqualTo(run.levels().length - 15);
    }

    @ParameterizedTest(name = "Asterisk clock x{0}")
    @ValueSource(doubles = {0.995, 1.005})
    void thirtyMinutesOfDriftPlayThroughAtABoundedDelay(double speed) {
        int frames = 30 * 60 * 50;
        var run = new PlayoutSimulation().packets(frames, 20).senderSpeed(speed).network(i -> 5 + (i * 7919 % 11)).run(pcm(100));
        playsEverythingWithoutGaps("30 min, Asterisk clock x" + speed, run, frames, 0);
        assertThat(run.stats().late()).isZero();
        assertThat(run.maxDelayMsInLast(60)).as("delay in the last minute: %s", run).isLessThanOrEqualTo(100);
    }

    @Test
    void theSequenceWrapsMidCall() {
        var run = new PlayoutSimulation().packets(500, 20).network(i -> 5 + (i * 7919 % 11)).run(pcm(65_400));
        playsEverythingWithoutGaps("sequence wrap", run, 500, 0);
    }
}
