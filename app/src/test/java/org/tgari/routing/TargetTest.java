package org.tgari.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void digitsAreAPhoneNumberWithoutPlus() {
        assertThat(Target.parse("15550001")).isEqualTo(new Target.Phone("15550001"));
        assertThat(Target.parse("+4915112345678")).isEqualTo(new Target.Phone("4915112345678"));
    }

    @Test
    void starDigitsAreAUserId() {
        assertThat(Target.parse("*1001")).isEqualTo(new Target.UserId(1001));
    }

    @Test
    void anythingElseIsAUsernameInLowerCase() {
        assertThat(Target.parse("@Echo")).isEqualTo(new Target.Username("echo"));
        assertThat(Target.parse("durov")).isEqualTo(new Target.Username("durov"));
        assertThat(Target.parse("some_bot_42")).isEqualTo(new Target.Username("some_bot_42"));
    }

    @Test
    void stringsThatNameNobodyAreRejected() {
        assertThat(Target.parse("")).isNull();
        assertThat(Target.parse(null)).isNull();
        assertThat(Target.parse("*")).isNull();
        assertThat(Target.parse("*0")).isNull();
        assertThat(Target.parse("*99999999999999999999")).isNull();
        assertThat(Target.parse("12")).as("too short for a phone number").isNull();
        assertThat(Target.parse("@")).isNull();
        assertThat(Target.parse("_x")).isNull();
        assertThat(Target.parse("a".repeat(33))).isNull();
        assertThat(Target.parse("bad name")).isNull();
        assertThat(Target.parse("1abc")).isNull();
    }

    @Test
    void saysWhyAStringNamesNobody() {
        assertThat(Target.whyNot("12")).isEqualTo("'12' has 2 digits; a phone number has 3 to 15");
        assertThat(Target.whyNot("+1234567890123456")).contains("has 16 digits");
        assertThat(Target.whyNot("*0")).contains("positive id");
        assertThat(Target.whyNot("bad name")).contains("neither a phone number");
        assertThat(Target.whyNot("  ")).isEqualTo("no target was dialled");
    }

    @Test
    void printsInDialplanNotation() {
        assertThat(Target.parse("15550001")).hasToString("+15550001");
        assertThat(Target.parse("*7")).hasToString("*7");
        assertThat(Target.parse("echo")).hasToString("@echo");
    }
}
