package org.tgari.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExtensionAskTest {

    static final AskSettings S = AskSettings.DEFAULT;
    static final long NOW = 1_000_000;

    @Test
    void withoutAnEarlierTextTheCallerIsAskedAndATextAnswers() {
        var start = ExtensionAsk.start(S, List.of(), NOW);
        assertThat(start.action()).isEqualTo(new IvrAction.Play(List.of("vm-enter-num-to-call")));
        var answer = start.next().text(" 100 ", NOW + 5000);
        assertThat(answer.action()).isEqualTo(new IvrAction.Submit("100"));
        assertThat(answer.next().text("200", NOW + 6000).action()).as("one answer at a time").isEqualTo(IvrAction.WAIT);
    }

    @Test
    void digitsSentInTheTwoMinutesBeforeTheCallCount() {
        var recent = List.of(new ChatText(NOW - 119_000, "100"), new ChatText(NOW - 60_000, "101"));
        assertThat(ExtensionAsk.start(S, recent, NOW).action()).isEqualTo(new IvrAction.Submit("101"));
    }

    @Test
    void olderTextsAndALastWordThatIsNoExtensionDoNot() {
        assertThat(ExtensionAsk.start(S, List.of(new ChatText(NOW - 121_000, "100")), NOW).action()).isInstanceOf(IvrAction.Play.class);
        var changedMind = List.of(new ChatText(NOW - 30_000, "100"), new ChatText(NOW - 10_000, "no wait"));
        assertThat(ExtensionAsk.start(S, changedMind, NOW).action()).isInstanceOf(IvrAction.Play.class);
    }

    @Test
    void aWrongTextOrAnUnknownExtensionCostsATry() {
        var asking = ExtensionAsk.start(S, List.of(), NOW).next();
        var wrong = asking.text("hello", NOW + 1000);
        assertThat(wrong.action()).isEqualTo(new IvrAction.Play(List.of("pbx-invalid", "please-try-again", "vm-enter-num-to-call")));
        var unknown = wrong.next().text("999", NOW + 2000).next().rejected(NOW + 3000);
        assertThat(unknown.next().tryNumber()).isEqualTo(3);
        var end = unknown.next().text("100@evil", NOW + 4000);
        assertThat(end.action()).isEqualTo(new IvrAction.GiveUp(List.of("pbx-invalid", "goodbye"), "no valid extension in 3 tries"));
    }

    @Test
    void silenceEndsATryAfterTheTimeoutCountedFromThePromptsEnd() {
        var asking = ExtensionAsk.start(S, List.of(), NOW).next().promptDone(NOW + 2_000);
        assertThat(asking.deadline()).isEqualTo(NOW + 32_000);
        assertThat(asking.tick(NOW + 31_999).action()).isEqualTo(IvrAction.WAIT);
        var again = asking.tick(NOW + 32_000);
        assertThat(again.action()).isEqualTo(new IvrAction.Play(List.of("please-try-again", "vm-enter-num-to-call")));
        assertThat(again.next().promptDone(NOW + 35_000).deadline()).isEqualTo(NOW + 65_000);
    }

    /**
     * A timeout shorter than the prompt counts from the prompt's end, as for the IVR (DigitCollector). Before,
     * it counted from the try's start while the prompt played, so the prompt was cut off and the try lost.
     */
    @Test
    void aTimeoutShorterThanThePromptCountsFromThePromptsEnd() {
        var shortTimeout = new AskSettings(S.prompt(), S.invalid(), S.retry(), S.goodbye(), 3, java.time.Duration.ofSeconds(2),
                S.lookback(), S.extension());
        var asking = ExtensionAsk.start(shortTimeout, List.of(), NOW).next();
        assertThat(asking.tick(NOW + 2_500).action()).as("the prompt still plays").isEqualTo(IvrAction.WAIT);
        var done = asking.promptDone(NOW + 5_000);
        assertThat(done.deadline()).isEqualTo(NOW + 7_000);
        assertThat(done.tick(NOW + 6_999).action()).isEqualTo(IvrAction.WAIT);
        var again = done.tick(NOW + 7_000);
        assertThat(again.next().tryNumber()).isEqualTo(2);
        assertThat(again.next().tick(NOW + 9_500).action()).as("the retry prompt is not cut off either").isEqualTo(IvrAction.WAIT);
        assertThat(again.next().text("100", NOW + 9_600).action()).as("a text still answers while it plays")
                .isEqualTo(new IvrAction.Submit("100"));
    }

    @Test
    void aPromptWhoseEndIsNeverReportedCountsAsEndedAfterTheGuard() {
        var asking = ExtensionAsk.start(S, List.of(), NOW).next();
        long end = NOW + ExtensionAsk.PROMPT_GUARD_MS + 30_000;
        assertThat(asking.deadline()).isEqualTo(end);
        assertThat(asking.tick(end - 1).action()).isEqualTo(IvrAction.WAIT);
        assertThat(asking.tick(end).next().tryNumber()).isEqualTo(2);
        assertThat(asking.promptDone(NOW + 1_000).promptDone(NOW + 9_000).deadline()).as("only the first end counts")
                .isEqualTo(NOW + 31_000);
    }

    @Test
    void onlySafeExtensionsAreAccepted() {
        var letters = new AskSettings(S.prompt(), S.invalid(), S.retry(), S.goodbye(), 3, S.timeout(), S.lookback(), java.util.regex.Pattern.compile(".*"));
        assertThat(letters.accepts("sales")).isTrue();
        assertThat(letters.accepts("1/2")).as("a pattern cannot let a channel separator through").isFalse();
        assertThat(letters.accepts("")).isFalse();
        assertThat(S.accepts("12345678901")).isFalse();
    }
}
