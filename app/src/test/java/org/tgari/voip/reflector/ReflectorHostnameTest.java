package org.tgari.voip.reflector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReflectorHostnameTest {

    @Test
    void formatAndParseTheDocExample() {
        assertThat(ReflectorHostname.format(2, 3340972718L)).isEqualTo("reflector-2-3340972718.reflector");
        ReflectorHostname.Parse p = ReflectorHostname.parse("reflector-2-3340972718.reflector");
        assertThat(p).isEqualTo(new ReflectorHostname.Parse.Parsed(new ReflectorHostname(2, 3340972718L)));
        assertThat(((ReflectorHostname.Parse.Parsed) p).hostname().rBits()).isEqualTo(0xC72332AE);
    }

    @Test
    void extremes() {
        assertThat(ReflectorHostname.format(255, 0xFFFF_FFFFL)).isEqualTo("reflector-255-4294967295.reflector");
        assertThat(ReflectorHostname.parse("reflector-1-1.reflector"))
                .isEqualTo(new ReflectorHostname.Parse.Parsed(new ReflectorHostname(1, 1)));
        assertThatThrownBy(() -> ReflectorHostname.format(0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReflectorHostname.format(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReflectorHostname.format(1, 1L << 32)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "reflector-2-3340972718", "reflector-2-3340972718.reflector.", "Reflector-2-5.reflector",
            "reflector-23340972718.reflector", "reflector--5.reflector", "reflector-2-.reflector",
            "reflector-0-5.reflector", "reflector-256-5.reflector", "reflector-2-0.reflector",
            "reflector-2-4294967296.reflector", "reflector-2-05.reflector", "reflector-2-+5.reflector",
            "reflector-2-5-6.reflector", "reflector-2-99999999999.reflector", "192.168.1.20",
    })
    void garbageRejected(String hostname) {
        ReflectorHostname.Parse p = ReflectorHostname.parse(hostname);
        assertThat(p).isInstanceOf(ReflectorHostname.Parse.Rejected.class);
        assertThat(((ReflectorHostname.Parse.Rejected) p).reason()).isNotBlank();
    }
}
