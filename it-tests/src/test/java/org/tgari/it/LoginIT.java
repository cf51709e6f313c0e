package org.tgari.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgari.it.harness.StackConfig;

/**
 * {@code tgari login} in a real terminal: the built jar under JDK 25 in a tmux pane (its own tmux
 * server), with TDLib kept offline. What the user would see is read with {@code capture-pane}, and
 * Ctrl-C is typed with {@code send-keys}.
 */
class LoginIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path work;

    private final String server = "tgari-login-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private Path config;

    @BeforeEach
    void setUp() throws Exception {
        assertThat(tmuxAvailable()).as("tmux is needed (scripts/install-interop-tools.sh installs it)").isTrue();
        config = work.resolve("tgari.properties");
        Files.writeString(config, String.join("\n",
                "telegram.line = x",
                "telegram.api-id = 12345",
                "telegram.api-hash = 0123456789abcdef0123456789abcdef",
                "telegram.offline = true",
                "telegram.database-key = it-test-key",
                "telegram.data-dir = " + work.resolve("data"),
                ""));
        // remain-on-exit keeps the pane (and what it shows) after the program has ended
        Files.writeString(work.resolve("tmux.conf"), "set -g remain-on-exit on\n");
    }

    @AfterEach
    void tearDown() throws Exception {
        tmux("kill-server");
    }

    private static boolean tmuxAvailable() {
        try {
            return new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private String tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", server, "-f", work.resolve("tmux.conf").toString()));
        cmd.addAll(List.of(args));
        var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    /** Starts {@code tgari login ...} in a 100x50 pane; bash reports the JVM's exit status in the pane afterwards. */
    private void startLogin(String... loginArgs) throws Exception {
        Path jar = StackConfig.repoRoot().resolve("app/target/tgari.jar");
        assertThat(jar).as("the built jar (./mvnw -pl app package -DskipTests)").exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new StringBuilder("'" + java + "' -jar '" + jar + "' login");
        for (String a : loginArgs) command.append(" '").append(a).append("'");
        command.append(" --config '").append(config).append("'");
        // tmux does not learn a JVM's exit status reliably (pane_dead_status stays empty), so bash says it;
        // bash goes on to the echo only when the JVM exited by itself, not when SIGINT killed it outright
        String script = command + "; echo \"[tgari exited with status $?]\"";
        tmux("new-session", "-d", "-s", "login", "-x", "100", "-y", "50", "bash -c " + shellQuote(script));
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private String pane() throws Exception {
        // -S - takes the scrollback too: tmux sometimes moves early lines there while the pane settles its size
        return tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "login");
    }

    private String awaitPane(String what) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            String text = pane();
            if (text.contains(what)) return text;
            if (System.nanoTime() > deadline) throw new AssertionError("the pane never showed '" + what + "'; it shows:\n" + text);
            Thread.sleep(100); // poll interval; the pane's content decides
        }
    }

    private List<ProcessHandle> loginProcesses() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("tgari.jar login") && c.contains(config.toString())).orElse(false))
                .toList();
    }

    @Test
    void qrLoginWithoutNetworkSaysItWaitsAndCtrlCEndsItCleanly() throws Exception {
        startLogin("x", "--qr");
        awaitPane("waiting for Telegram (");
        assertThat(loginProcesses()).as("the login JVM while it waits").hasSize(1);

        tmux("send-keys", "-t", "login", "C-c");
        String after = awaitPane("[tgari exited with status");
        assertThat(after).contains("Asking Telegram for a QR code...", "waiting for Telegram (no network)...", "login cancelled",
                "[tgari exited with status 130]");
        assertThat(after.indexOf("login cancelled")).isLessThan(after.indexOf("[tgari exited with status 130]"));
        assertThat(after).doesNotContain("Exception", "\tat ", "WARN", "ERROR");
        assertThat(tmux("display", "-p", "-t", "login", "#{pane_dead}").strip()).isEqualTo("1");
        // the JVM, and with it the tdjson-receive thread and TDLib's own threads, is gone
        assertThat(loginProcesses()).isEmpty();
        assertThat(work.resolve("data/x/db")).isDirectory();
    }

    @Test
    void phoneLoginAsksForTheNumberAndCtrlCAtThePromptEndsItCleanly() throws Exception {
        startLogin("x");
        awaitPane("Phone number of line 'x' (with country code");
        tmux("send-keys", "-t", "login", "C-c");
        String after = awaitPane("[tgari exited with status");
        assertThat(after).contains("login cancelled", "[tgari exited with status 130]").doesNotContain("Exception", "\tat ");
        assertThat(loginProcesses()).isEmpty();
    }

    @Test
    void aLineThatIsNotConfiguredIsNamedAndNothingStarts() throws Exception {
        startLogin("y", "--qr");
        String after = awaitPane("[tgari exited with status");
        assertThat(after).contains("no line 'y' in " + config + "; the configured line is 'x' (telegram.line)",
                "[tgari exited with status 2]");
        assertThat(work.resolve("data")).doesNotExist();
    }
}
