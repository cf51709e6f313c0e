package org.tgari.media.jitter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PcmJitterBufferTest {

    private static short[] frame(int value) {
        short[] f = new short[160];
        java.util.Arrays.fill(f, (short) value);
        return f;
    }

    @Test
    void reordersAndConcealsAMissingFrameWithAFadedRepeat() {
        var jb = new PcmJitterBuffer(160, 1, 8);
        short[] out = new short[160];
        jb.offer(65534, frame(100), 0);
        jb.offer(0, frame(300), 0); // 65535 missing, sequence wraps
        jb.pull(out, 0);
        assertThat(out[0]).as("hold").isZero();
        jb.pull(out, 0);
        assertThat(out[0]).isEqualTo((short) 100);
        jb.pull(out, 0);
        assertThat(out[0]).as("half of the previous frame").isEqualTo((short) 50);
        jb.pull(out, 0);
        assertThat(out[0]).isEqualTo((short) 300);
        var s = jb.stats();
        assertThat(s.played()).isEqualTo(2);
        assertThat(s.concealed()).isEqualTo(1);
    }

    @Test
    void lateAndDuplicateFramesAreDroppedAndDriftIsBounded() {
        var jb = new PcmJitterBuffer(160, 0, 8);
        short[] out = new short[160];
        jb.offer(10, frame(1), 0);
        jb.pull(out, 0);
        assertThat(jb.offer(10, frame(1), 0)).as("late").isFalse();
        assertThat(jb.offer(11, frame(2), 0)).isTrue();
        assertThat(jb.offer(11, frame(2), 0)).as("duplicate").isFalse();
        for (int s = 12; s < 18; s++) jb.offer(s, frame(s), 0);
        for (int s = 18; s < 78; s++) { // the pile-up stays for a second
            jb.offer(s, frame(s), 0);
            jb.pull(out, 0);
        }
        assertThat(jb.stats().dropped()).as("skipped to bound the delay").isPositive();
        assertThat(jb.stats().late()).isEqualTo(1);
        assertThat(jb.stats().duplicates()).isEqualTo(1);
    }

    @Test
    void aBacklogIsCutBackToTheTargetWithTheCushionTheStreamEarned() {
        var jb = new PcmJitterBuffer(160, 2, 40); // target 40 ms, bound 400 ms
        short[] out = new short[160];
        int seq = 0;
        jb.offer(seq++, frame(1000), 0);
        for (int i = 0; i < 2 + 1; i++) jb.pull(out, 0); // the hold, then the first frame
        for (int i = 0; i < 100; i++) { // steady
            jb.offer(seq++, frame(1000), 0);
            jb.pull(out, 0);
        }
        for (int i = 0; i < 3; i++) jb.pull(out, 0); // runs dry for three frames: the cushion grows to 60 ms
        for (int i = 0; i < 30; i++) jb.offer(seq++, frame(1000), 0); // then a backlog over the bound
        for (int i = 0; i < 60; i++) { // that lasts more than a second
            jb.offer(seq++, frame(1000), 0);
            jb.pull(out, 0);
        }
        assertThat(jb.stats().dropped()).as("the backlog was cut").isPositive();
        assertThat(jb.stats().currentDelayMs())
                .as("cut to the target plus the cushion the run-dry episode earned, not to the bare target")
                .isBetween(40 + 20, 40 + 60 + 2 * 20); // was 20: the bare target less the frame just pulled
    }
}
