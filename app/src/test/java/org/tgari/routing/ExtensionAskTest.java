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
    void silenceEndsATryAfterTheTimeout() {
        var asking = ExtensionAsk.start(S, List.of(), NOW).next();
        assertThat(asking.deadline()).isEqualTo(NOW + 30_000);
        assertThat(asking.tick(NOW + 29_999).action()).isEqualTo(IvrAction.WAIT);
        var again = asking.tick(NOW + 30_000);
        assertThat(again.action()).isEqualTo(new IvrAction.Play(List.of("please-try-again", "vm-enter-num-to-call")));
        assertThat(again.next().deadline()).isEqualTo(NOW + 60_000);
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
