package org.tgari.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("demo", "run --config FILE");
    }

    @Test
    void eachCommandHasHelp() {
        assertThat(run("demo", "--help")).isZero();
        assertThat(run("run", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("simulated Telegram network", "--config FILE");
    }

    @Test
    void runWithoutConfigIsAUsageError() {
        assertThat(run("run")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--config FILE is required");
    }

    @Test
    void unknownCommandAndBadConfigAreUsageErrors() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(run("demo", "--set", "opus.complexity=99")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'frobnicate'", "opus.complexity: 99 is outside 0..10");
    }

    @Test
    void configKeysAreListed() {
        assertThat(run("config-keys")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("calls.no-answer-timeout = 45s", "ari.app = telegram");
    }

    @Test
    void linesShowsWhetherTheConfiguredLineIsLoggedIn(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var cfg = dir.resolve("tgari.properties");
        java.nio.file.Files.writeString(cfg, "telegram.api-id = 1\ntelegram.api-hash = 0123456789abcdef0123456789abcdef\n"
                + "telegram.line = alice\ntelegram.offline = true\ntelegram.data-dir = " + dir.resolve("data") + "\n");
        assertThat(run("lines", "--config", cfg.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("alice: line 'alice' is not logged in (WaitPhoneNumber)");
        assertThat(run("lines")).isEqualTo(2);
    }
}
