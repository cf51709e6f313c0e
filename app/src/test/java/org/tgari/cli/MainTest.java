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
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("calls.no-answer-timeout = 45s", "ari.app = telegram", "line.<name>.inbound.mode = reject", "ivr.directory.<code> = ")
                .doesNotContain("ari.password = tgari");
    }

    @Test
    void configKeysHasHelpAndSecretsAreNeverPrinted() {
        assertThat(run("config-keys", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: java -jar tgari.jar config-keys").doesNotContain("ari.app = ");
        assertThat(org.tgari.config.ConfigLoader.printable("telegram.database-key", "s3cret-key")).doesNotContain("s3cret").contains("set");
        assertThat(org.tgari.config.ConfigLoader.printable("telegram.api-hash", "")).isEmpty();
        assertThat(org.tgari.config.ConfigLoader.printable("ari.app", "telegram")).isEqualTo("telegram");
    }

    @Test
    void linesShowsWhetherTheConfiguredLineIsLoggedIn(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var cfg = dir.resolve("tgari.properties");
        java.nio.file.Files.writeString(cfg, "telegram.api-id = 1\ntelegram.api-hash = 0123456789abcdef0123456789abcdef\n"
                + "telegram.line = alice\ntelegram.offline = true\ntelegram.data-dir = " + dir.resolve("data") + "\n");
        assertThat(run("lines", "--config", cfg.toString())).as("a line that cannot take calls").isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("alice: line 'alice' is not logged in (WaitPhoneNumber)");
        assertThat(run("lines")).isEqualTo(2);
    }

    private java.nio.file.Path loginConfig(java.nio.file.Path dir, String key) throws Exception {
        var cfg = dir.resolve("tgari.properties");
        java.nio.file.Files.writeString(cfg, "telegram.api-id = 1\ntelegram.api-hash = 0123456789abcdef0123456789abcdef\n"
                + "telegram.line = alice\ntelegram.offline = true\ntelegram.data-dir = " + dir.resolve("data") + "\n"
                + "telegram.database-key = " + key + "\n");
        return cfg;
    }

    @Test
    void loginNamesTheConfiguredLineWhenAskedForAnother(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var cfg = loginConfig(dir, "k3y");
        assertThat(run("login", "bob", "--config", cfg.toString(), "--qr")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("tgari login: no line 'bob' in " + cfg + "; the configured line is 'alice' (telegram.line)");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void loginRefusesToStoreTheSessionUnencrypted(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var cfg = loginConfig(dir, "");
        assertThat(run("login", "alice", "--config", cfg.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("telegram.database-key is empty", "TGARI_DATABASE_KEY");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void loginUsage() {
        assertThat(run("login")).isEqualTo(2);
        assertThat(run("login", "alice", "--config", "/nonexistent/tgari.properties")).isEqualTo(2);
        assertThat(run("login", "alice", "bob", "--config", "x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: java -jar tgari.jar login LINE --config FILE [--qr]",
                "cannot read config file /nonexistent/tgari.properties", "unknown argument(s) [bob]");
        assertThat(run("login", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--qr", "telegram.database-key");
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("login LINE --config FILE [--qr]");
    }
}
