package org.tgari.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class IvrOptionsTest {

    private static IvrSettings applied(String... options) {
        var r = IvrOptions.apply(IvrSettings.DEFAULT, List.of(options));
        assertThat(r).isInstanceOf(IvrOptions.Result.Applied.class);
        return ((IvrOptions.Result.Applied) r).settings();
    }

    private static String refused(String... options) {
        var r = IvrOptions.apply(IvrSettings.DEFAULT, List.of(options));
        assertThat(r).isInstanceOf(IvrOptions.Result.Refused.class);
        return ((IvrOptions.Result.Refused) r).problem();
    }

    @Test
    void noOptionsAndEmptyArgumentsKeepTheConfiguredSettings() {
        assertThat(applied()).isEqualTo(IvrSettings.DEFAULT);
        assertThat(applied("", " ")).isEqualTo(IvrSettings.DEFAULT);
    }

    @Test
    void eachOptionOverridesItsKey() {
        IvrSettings s = applied("tries=5", "timeout=30s", "inter-digit-timeout=1500ms", "prompt=custom/hello&vm-then-pound");
        assertThat(s.tries()).isEqualTo(5);
        assertThat(s.overall()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.interDigit()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.enter()).containsExactly("custom/hello", "vm-then-pound");
        assertThat(s.goodbye()).isEqualTo(IvrSettings.DEFAULT.goodbye());
    }

    @Test
    void badOptionsAreRefusedByName() {
        assertThat(refused("tries=0")).contains("'tries=0'");
        assertThat(refused("tries=21")).contains("1 to 20");
        assertThat(refused("timeout=0s")).contains("positive duration");
        assertThat(refused("timeout=soon")).contains("'timeout=soon'");
        assertThat(refused("prompt=a b")).contains("sound ids");
        assertThat(refused("prompt=a&&b")).contains("sound ids");
        assertThat(refused("volume=11")).contains("is no option");
        assertThat(refused("tries")).contains("<option>=<value>");
    }
}
