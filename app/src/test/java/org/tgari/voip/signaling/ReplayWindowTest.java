package org.tgari.voip.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {
    @Test
    void refusesDuplicatesAndCountersSixtyFourBelowTheLargest() {
        ReplayWindow w = new ReplayWindow();
        assertThat(w.register(1)).isTrue();
        assertThat(w.register(1)).isFalse();
        assertThat(w.register(100)).isTrue();
        assertThat(w.register(36)).as("100 - 64").isFalse();
        assertThat(w.register(37)).isTrue();
        assertThat(w.register(37)).isFalse();
        assertThat(w.register(99)).isTrue();
        assertThat(w.register(Seq.MAX_COUNTER)).isTrue();
        assertThat(w.register(100)).as("now far too old").isFalse();
        assertThat(w.size()).isEqualTo(1);
    }

    @Test
    void matchesAReferenceModelAndStaysBounded() {
        ReplayWindow w = new ReplayWindow();
        Set<Integer> seen = new HashSet<>();
        int largest = 0;
        Random random = new Random(7);
        int base = 1;
        for (int i = 0; i < 200_000; i++) {
            base += random.nextInt(3);
            int c = Math.max(0, base + random.nextInt(160) - 120);
            // Reference: new, and not 64 or more below the largest accepted so far.
            boolean expected = !seen.contains(c) && c + 64 > largest;
            assertThat(w.register(c)).as("counter %d at step %d", c, i).isEqualTo(expected);
            if (expected) {
                seen.add(c);
                largest = Math.max(largest, c);
            }
            assertThat(w.size()).isLessThanOrEqualTo(ReplayWindow.SIZE);
        }
    }
}
