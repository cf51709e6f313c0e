package org.tgari.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tgari.gateway.media.CallMediaPipeline.MediaCounters;

/** A stream's pauses, and how a call's end line tells a stream that stopped from one that flowed. */
class StreamPausesTest {

    private static final long MS = 1_000_000;

    @Test
    void aStreamThatStoppedIsQuietToTheEndAndThatIsItsLongestPause() {
        var pauses = new StreamPauses();
        long t = 5_000 * MS; // nanoTime may be any value
        for (int i = 0; i < 315; i++) pauses.arrived(t + i * 20 * MS);
        long end = t + 314 * 20 * MS + 3_700 * MS;
        assertThat(pauses.quietMs(end)).isEqualTo(3_700);
        assertThat(pauses.longestMs(end)).isEqualTo(3_700);
    }

    @Test
    void aPauseInTheMiddleIsRememberedAfterTheStreamResumed() {
        var pauses = new StreamPauses();
        pauses.arrived(0);
        pauses.arrived(20 * MS);
        pauses.arrived(1_220 * MS);
        pauses.arrived(1_240 * MS);
        assertThat(pauses.longestMs(1_260 * MS)).isEqualTo(1_200);
        assertThat(pauses.quietMs(1_260 * MS)).isEqualTo(20);
    }

    @Test
    void beforeTheFirstPacketThereIsNoPause() {
        var pauses = new StreamPauses();
        assertThat(pauses.quietMs(123 * MS)).isZero();
        assertThat(pauses.longestMs(123 * MS)).isZero();
    }

    @Test
    void theEndLineSaysWhenTheTelegramStreamStoppedAndWhatWasRejected() {
        var stopped = new MediaCounters(501, 497, 315, 497, 0, 187, 0, 187, 0, 0, 497, 501, 61, 0, 0, 3_700, 3_700);
        assertThat(stopped.summary()).contains("Telegram 315 in / 497 out").contains("Telegram stream's longest pause 3700 ms")
                .contains("Telegram silent for the last 3700 ms").doesNotContain("rejected");

        var refused = new MediaCounters(501, 497, 315, 497, 0, 187, 0, 187, 0, 0, 497, 501, 61, 0, 186, 3_700, 3_700);
        assertThat(refused.summary()).contains("Telegram packets rejected 186");

        var flowing = new MediaCounters(501, 497, 500, 497, 0, 0, 0, 0, 0, 0, 497, 501, 61, 0, 0, 120, 20);
        assertThat(flowing.summary()).doesNotContain("pause").doesNotContain("silent").doesNotContain("rejected");
    }
}
