package org.tgari.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    void defaultsMatchTheShippedAsteriskConfig() {
        GatewayConfig c = ConfigLoader.defaultsOnly();
        assertThat(c.ari().url().toString()).isEqualTo("http://127.0.0.1:8088");
        assertThat(c.ari().app()).isEqualTo("telegram");
        assertThat(c.calls().noAnswerTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.media().transport()).isEqualTo(GatewayConfig.MediaTransport.AUTO);
        assertThat(c.media().rtpFormat()).isEqualTo(GatewayConfig.RtpFormat.ULAW);
    }

    @Test
    void fileOverridesDefaults(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("tgari.properties");
        Files.writeString(f, """
                ari.app = pbx
                calls.no-answer-timeout = 1500ms
                media.transport = websocket
                media.rtp-format = alaw
                opus.fec = off
                """);
        GatewayConfig c = ConfigLoader.load(f);
        assertThat(c.ari().app()).isEqualTo("pbx");
        assertThat(c.calls().noAnswerTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.media().transport()).isEqualTo(GatewayConfig.MediaTransport.WEBSOCKET);
        assertThat(c.media().rtpFormat()).isEqualTo(GatewayConfig.RtpFormat.ALAW);
        assertThat(c.opus().inbandFec()).isFalse();
    }

    @Test
    void unknownKeysAreNamed() {
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("ari.ulr", "x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown config key(s): ari.ulr");
    }

    @Test
    void everyBadValueIsReportedAtOnce() {
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of(
                "ari.url", "ftp://x", "opus.complexity", "11", "media.rtp-format", "gsm", "calls.no-answer-timeout", "soon")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ari.url")
                .hasMessageContaining("opus.complexity: 11 is outside 0..10")
                .hasMessageContaining("media.rtp-format: 'gsm' is not one of ulaw, alaw, slin")
                .hasMessageContaining("calls.no-answer-timeout: 'soon' is not a duration");
    }

    @Test
    void missingFileIsAConfigError() {
        assertThatThrownBy(() -> ConfigLoader.load(Path.of("/nonexistent/tgari.properties")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot read config file");
    }

    @Test
    void durationsAcceptCommonForms() {
        assertThat(ConfigLoader.parseDuration("45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(ConfigLoader.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(ConfigLoader.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(ConfigLoader.parseDuration("PT3S")).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void takeOverIsOffUnlessAskedFor() {
        assertThat(ConfigLoader.defaultsOnly().ari().takeOver()).isFalse();
        assertThat(ConfigLoader.fromMap(Map.of("ari.take-over", "true")).ari().takeOver()).isTrue();
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("ari.take-over", "maybe")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ari.take-over: 'maybe' is not true or false");
    }

    @Test
    void anAdminServerBeyondLoopbackNeedsAToken() {
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("http.host", "0.0.0.0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.host: 0.0.0.0 is reachable beyond this host")
                .hasMessageContaining("http.token");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("http.host", "tgari.example"))).isInstanceOf(ConfigException.class);
        assertThat(ConfigLoader.fromMap(Map.of("http.host", "0.0.0.0", "http.token", "s3cret")).http().token()).isEqualTo("s3cret");
        for (String local : new String[] {"127.0.0.1", "127.0.0.53", "::1", "[::1]", "localhost"}) {
            assertThat(ConfigLoader.fromMap(Map.of("http.host", local)).http().token()).as(local).isEmpty();
        }
    }

    @Test
    void theTokenIsASecretNeverShown() {
        assertThat(ConfigLoader.SECRET_KEYS).contains("http.token");
        assertThat(ConfigLoader.fromMap(Map.of("http.token", "s3cret")).http().toString()).doesNotContain("s3cret");
    }

    @Test
    void theSimulatedPathTakesLossDelayJitterAndASeed() {
        GatewayConfig.Sim sim = ConfigLoader.fromMap(Map.of("telegram.sim.loss-percent", "10", "telegram.sim.delay", "50ms",
                "telegram.sim.jitter", "50ms", "telegram.sim.seed", "42")).telegram().sim();
        assertThat(sim.lossPercent()).isEqualTo(10);
        assertThat(sim.delay()).isEqualTo(Duration.ofMillis(50));
        assertThat(sim.jitter()).isEqualTo(Duration.ofMillis(50));
        assertThat(sim.seed()).hasValue(42);
        GatewayConfig.Sim clean = ConfigLoader.defaultsOnly().telegram().sim();
        assertThat(clean.lossPercent()).isZero();
        assertThat(clean.delay()).isZero();
        assertThat(clean.seed()).isEmpty();
    }

    @Test
    void aSimulatedPathOutOfRangeIsRefusedWithItsKey() {
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("telegram.sim.loss-percent", "101", "telegram.sim.delay", "11s",
                "telegram.sim.jitter", "-5ms", "telegram.sim.seed", "x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("telegram.sim.loss-percent: 101 is outside 0..100")
                .hasMessageContaining("telegram.sim.delay: 11s is longer than 10000ms")
                .hasMessageContaining("telegram.sim.jitter")
                .hasMessageContaining("telegram.sim.seed: 'x' is not a whole number");
    }
}
