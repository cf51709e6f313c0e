package org.tgari.voip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SetupTimelineTest {

    private long nowNanos;

    private SetupTimeline timeline() {
        return new SetupTimeline(() -> nowNanos, 4);
    }

    @Test
    void stepsCountFromTheBeginningAndOnlyTheFirstTimeCounts() {
        var t = timeline();
        nowNanos = 5_000_000;
        t.begin();
        nowNanos = 12_000_000;
        t.mark("check out");
        nowNanos = 40_000_000;
        t.mark("check out");
        t.mark("answer in");
        assertEquals(7, t.millisTo("check out"));
        assertEquals(35, t.millisTo("answer in"));
        assertEquals(-1, t.millisTo("dtls done"));
        assertEquals("check out +7, answer in +35", t.toString());
    }

    @Test
    void marksAfterTheEndAndBeyondCapacityAreIgnored() {
        var t = timeline();
        t.begin();
        for (int i = 0; i < 6; i++) t.mark("step " + i);
        assertEquals(-1, t.millisTo("step 4"));
        t.finish();
        var u = timeline();
        u.begin();
        u.finish();
        u.mark("late");
        assertEquals(-1, u.millisTo("late"));
        assertEquals("", u.toString());
    }
}
