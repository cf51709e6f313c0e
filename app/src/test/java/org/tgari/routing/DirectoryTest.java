package org.tgari.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DirectoryTest {

    static final Directory D = new Directory(Map.of("1", Target.parse("@support"), "42", Target.parse("*123456")));

    @Test
    void codesNameTheirTargets() {
        assertThat(D.resolve("1")).isEqualTo(new Directory.Resolution.Resolved(new Target.Username("support"), "directory code 1"));
        assertThat(D.resolve("42")).isEqualTo(new Directory.Resolution.Resolved(new Target.UserId(123456), "directory code 42"));
    }

    @Test
    void otherDigitsAreAPhoneNumber() {
        assertThat(D.resolve("15550001")).isEqualTo(new Directory.Resolution.Resolved(new Target.Phone("15550001"), "phone number"));
        assertThat(D.resolve("421")).as("a code is matched whole").isEqualTo(new Directory.Resolution.Resolved(new Target.Phone("421"), "phone number"));
    }

    @Test
    void entriesThatNameNobodySayWhy() {
        assertThat(D.resolve("7")).isEqualTo(new Directory.Resolution.Invalid("no directory code 7, and '7' has 1 digits; a phone number has 3 to 15"));
        assertThat(Directory.EMPTY.resolve("7")).isEqualTo(new Directory.Resolution.Invalid("'7' has 1 digits; a phone number has 3 to 15"));
        assertThat(D.resolve("1234567890123456")).isInstanceOf(Directory.Resolution.Invalid.class);
        assertThat(D.resolve("")).isInstanceOf(Directory.Resolution.Invalid.class);
    }

    @Test
    void codesAreDigits() {
        assertThatThrownBy(() -> new Directory(Map.of("1a", new Target.UserId(1)))).hasMessageContaining("'1a' is not 1-15 digits");
    }
}
