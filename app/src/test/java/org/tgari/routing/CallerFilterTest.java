package org.tgari.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tgari.telegram.TelegramUser;

class CallerFilterTest {

    static final TelegramUser ANN = new TelegramUser(42, "Ann", "Ann_Lee", "4930123456", "Ann", "Lee");
    static final TelegramUser HIDDEN = new TelegramUser(43, "user 43");

    static CallerFilter filter(List<String> allow, List<String> deny) {
        return new CallerFilter(allow.stream().map(CallerPattern::parse).toList(), deny.stream().map(CallerPattern::parse).toList());
    }

    @Test
    void patternsMatchPhonesUsernamesAndIds() {
        assertThat(CallerPattern.parse("+4930123456").matches(ANN)).isTrue();
        assertThat(CallerPattern.parse("+4930*").matches(ANN)).isTrue();
        assertThat(CallerPattern.parse("+4931*").matches(ANN)).isFalse();
        assertThat(CallerPattern.parse("+4930").matches(ANN)).as("without * the whole number").isFalse();
        assertThat(CallerPattern.parse("@ann_lee").matches(ANN)).as("case-insensitive").isTrue();
        assertThat(CallerPattern.parse("@ANN*").matches(ANN)).isTrue();
        assertThat(CallerPattern.parse("@ann").matches(ANN)).isFalse();
        assertThat(CallerPattern.parse("id:42").matches(ANN)).isTrue();
        assertThat(CallerPattern.parse("id:4").matches(ANN)).isFalse();
    }

    @Test
    void aCallerWithoutPhoneOrUsernameMatchesNoSuchPattern() {
        assertThat(CallerPattern.parse("+1*").matches(HIDDEN)).isFalse();
        assertThat(CallerPattern.parse("@a*").matches(HIDDEN)).isFalse();
    }

    @Test
    void malformedPatternsSayWhatIsExpected() {
        for (String bad : List.of("", "4930", "+", "+49a*", "@", "@bad-name", "id:", "id:0", "id:12*", "id:99999999999999999999", "*", "+1234567890123456")) {
            assertThatThrownBy(() -> CallerPattern.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a caller pattern: use +digits");
        }
    }

    @Test
    void denyWinsOverAllow() {
        var f = filter(List.of("+49*"), List.of("id:42"));
        assertThat(f.refusal(ANN)).hasValueSatisfying(r -> assertThat(r).contains("deny pattern id:42"));
    }

    @Test
    void anAllowlistLetsOnlyItsCallersIn() {
        var f = filter(List.of("+49*", "@bob"), List.of());
        assertThat(f.refusal(ANN)).isEmpty();
        assertThat(f.refusal(HIDDEN)).hasValueSatisfying(r -> assertThat(r).contains("no allow pattern"));
    }

    @Test
    void withoutAllowlistEveryoneNotDeniedIsIn() {
        assertThat(CallerFilter.ANYONE.refusal(HIDDEN)).isEmpty();
        assertThat(filter(List.of(), List.of("@spam*")).refusal(ANN)).isEmpty();
    }

    @Test
    void patternsPrintAsWritten() {
        assertThat(CallerPattern.parse(" +49* ")).hasToString("+49*");
        assertThat(CallerPattern.parse("@Bob")).hasToString("@bob");
        assertThat(CallerPattern.parse("id:7")).hasToString("id:7");
    }
}
