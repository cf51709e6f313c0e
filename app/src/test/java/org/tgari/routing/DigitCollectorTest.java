package org.tgari.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DigitCollectorTest {

    static final IvrSettings S = IvrSettings.DEFAULT;
    static final List<String> ENTER = List.of("vm-enter-num-to-call", "vm-then-pound");

    /** Feeds {@code keys} one per second from {@code t0}; returns the last step. */
    static DigitCollector.Step keys(DigitCollector c, String keys, long t0) {
        DigitCollector.Step step = new DigitCollector.Step(c, IvrAction.WAIT);
        long t = t0;
        for (char k : keys.toCharArray()) step = step.next().digit(k, t += 1000);
        return step;
    }

    @Test
    void startsWithTheEnterPromptAndThePoundKeyCompletesTheEntry() {
        var start = DigitCollector.start(S, 0);
        assertThat(start.action()).isEqualTo(new IvrAction.Play(ENTER));
        var first = start.next().digit('1', 500);
        assertThat(first.action()).as("a digit stops the prompt").isEqualTo(IvrAction.STOP_PROMPT);
        assertThat(first.next().digit('5', 900).action()).as("only the first one").isEqualTo(IvrAction.WAIT);
        var done = keys(first.next(), "5550001#", 1000);
        assertThat(done.action()).isEqualTo(new IvrAction.Submit("15550001"));
        assertThat(done.next().phase()).isEqualTo(DigitCollector.Phase.SUBMITTED);
        assertThat(done.next().digit('9', 20_000).action()).as("digits after the entry are ignored").isEqualTo(IvrAction.WAIT);
    }

    @Test
    void starClearsTheEntry() {
        var c = DigitCollector.start(S, 0).next();
        var done = keys(c, "999*42#", 0);
        assertThat(done.action()).isEqualTo(new IvrAction.Submit("42"));
    }

    @Test
    void silenceAfterADigitCompletesTheEntry() {
        var c = DigitCollector.start(S, 0).next().promptDone(3000).digit('4', 4000).next().digit('2', 5000).next();
        assertThat(c.deadline()).isEqualTo(10_000);
        assertThat(c.tick(9_999).action()).isEqualTo(IvrAction.WAIT);
        assertThat(c.tick(10_000).action()).isEqualTo(new IvrAction.Submit("42"));
    }

    @Test
    void noEntryWithinTheOverallTimeCostsATryThenGoodbye() {
        var c = DigitCollector.start(S, 0).next().promptDone(4000);
        assertThat(c.deadline()).as("counted from the prompt's end").isEqualTo(24_000);
        assertThat(c.tick(23_999).action()).isEqualTo(IvrAction.WAIT);
        var second = c.tick(24_000);
        assertThat(second.action()).isEqualTo(new IvrAction.Play(List.of("please-try-again", "vm-enter-num-to-call", "vm-then-pound")));
        assertThat(second.next().tryNumber()).isEqualTo(2);
        var third = second.next().promptDone(24_000).tick(44_000);
        assertThat(third.next().tryNumber()).isEqualTo(3);
        var end = third.next().promptDone(44_000).tick(64_000);
        assertThat(end.action()).isEqualTo(new IvrAction.GiveUp(List.of("goodbye"), "no entry in time in 3 tries"));
        assertThat(end.next().deadline()).isEqualTo(Long.MAX_VALUE);
        assertThat(end.next().digit('1', 70_000).action()).isEqualTo(IvrAction.WAIT);
    }

    @Test
    void theOverallTimeRunsAlsoWhenThePromptNeverReportsItsEnd() {
        var c = DigitCollector.start(S, 0).next();
        long end = DigitCollector.PROMPT_GUARD_MS + 20_000;
        assertThat(c.deadline()).isEqualTo(end);
        assertThat(c.tick(end - 1).action()).isEqualTo(IvrAction.WAIT);
        assertThat(c.tick(end).next().tryNumber()).isEqualTo(2);
    }

    /**
     * A timeout shorter than the prompt counts from the prompt's end, as documented. Before, it counted from
     * the prompt's start while the prompt played, so the prompt was cut off and the try lost (IvrEntryIT with
     * ivr.timeout = 2s: the retry prompts cut after 2 s each, the tries used up 4 s after an invalid entry).
     */
    @Test
    void aTimeoutShorterThanThePromptCountsFromThePromptsEnd() {
        var shortTimeout = new IvrSettings(S.interDigit(), java.time.Duration.ofSeconds(2), 3, 32, S.enter(), S.invalid(), S.retry(), S.goodbye(),
                S.outcomes(), S.directory());
        var c = DigitCollector.start(shortTimeout, 0).next();
        assertThat(c.tick(2_500).action()).as("the prompt still plays").isEqualTo(IvrAction.WAIT);
        var done = c.promptDone(5_000);
        assertThat(done.deadline()).isEqualTo(7_000);
        assertThat(done.tick(6_999).action()).isEqualTo(IvrAction.WAIT);
        assertThat(done.tick(7_000).next().tryNumber()).isEqualTo(2);
    }

    @Test
    void slowTypingIsCutAtTheOverallTime() {
        var c = DigitCollector.start(S, 0).next().promptDone(0);
        var step = new DigitCollector.Step(c, IvrAction.WAIT);
        for (long t = 1000; t < 20_000; t += 4000) step = step.next().digit('1', t);
        assertThat(step.next().deadline()).isEqualTo(20_000);
        assertThat(step.next().tick(20_000).action()).isInstanceOf(IvrAction.Play.class);
    }

    @Test
    void aRejectedEntryPlaysInvalidAndAsksAgainUntilTheTriesAreUsed() {
        var c = keys(DigitCollector.start(S, 0).next(), "12#", 0).next();
        var again = c.rejected(5000);
        assertThat(again.action()).isEqualTo(new IvrAction.Play(List.of("pbx-invalid", "please-try-again", "vm-enter-num-to-call", "vm-then-pound")));
        assertThat(again.next().digits()).isEmpty();
        var third = keys(keys(again.next(), "1#", 5000).next().rejected(9000).next(), "1#", 9000).next();
        var end = third.rejected(12_000);
        assertThat(end.action()).isEqualTo(new IvrAction.GiveUp(List.of("pbx-invalid", "goodbye"), "no valid entry in 3 tries"));
        assertThatThrownBy(() -> end.next().rejected(13_000)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anEmptyOrOverlongEntryIsInvalid() {
        var empty = DigitCollector.start(S, 0).next().digit('#', 100);
        assertThat(empty.action()).isInstanceOf(IvrAction.Play.class);
        assertThat(((IvrAction.Play) empty.action()).prompts()).startsWith("pbx-invalid");
        var full = keys(DigitCollector.start(S, 0).next(), "1".repeat(32), 0);
        assertThat(full.next().digits()).hasSize(32);
        assertThat(full.next().digit('1', 40_000).next().tryNumber()).isEqualTo(2);
    }

    @Test
    void lettersAreIgnored() {
        var c = DigitCollector.start(S, 0).next().digit('A', 100);
        assertThat(c.action()).isEqualTo(IvrAction.WAIT);
        assertThat(c.next().digits()).isEmpty();
    }

    @Test
    void oneTryMeansGoodbyeAtTheFirstFailure() {
        var one = new IvrSettings(S.interDigit(), S.overall(), 1, 32, S.enter(), S.invalid(), S.retry(), S.goodbye(), S.outcomes(), S.directory());
        assertThat(DigitCollector.start(one, 0).next().digit('#', 1).action()).isInstanceOf(IvrAction.GiveUp.class);
        assertThatThrownBy(() -> new IvrSettings(S.interDigit(), S.overall(), 0, 32, S.enter(), S.invalid(), S.retry(), S.goodbye(), S.outcomes(), S.directory()))
                .hasMessageContaining("tries");
    }
}
