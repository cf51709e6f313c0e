package org.tgari.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Asterisk from the Debian sid chroot that scripts/install-asterisk.sh builds, run as
 * {@code chroot ROOT asterisk -f -C <instance>/etc/asterisk.conf}. The instance directory inside the
 * chroot holds this run's configuration, control socket, logs, spool and astdb, so runs never share state.
 */
final class ChrootAsterisk implements AsteriskInstance {

    static final String USER = "tgari";
    static final String PASSWORD = "tgari";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(30);

    private final Path root;
    private final String innerDir;
    private final Path hostDir;
    private final PortBlock ports;
    private final AriProbe ari;
    private Process process;
    private String version;

    private ChrootAsterisk(Path root, PortBlock ports) {
        this.root = root;
        this.ports = ports;
        this.innerDir = "/var/lib/tgari/instances/it-" + ports.httpPort();
        this.hostDir = root.resolve(innerDir.substring(1));
        this.ari = new AriProbe(ariBaseUrl(), USER, PASSWORD);
    }

    /** Installs the chroot if needed (idempotent script), writes this run's configuration and starts Asterisk. */
    static ChrootAsterisk start(Path repoRoot, PortBlock ports) throws Exception {
        Path root = Path.of(System.getenv().getOrDefault("TGARI_ASTERISK_ROOT", "/var/lib/tgari/asterisk-sid"));
        install(repoRoot);
        ChrootAsterisk asterisk = new ChrootAsterisk(root, ports);
        asterisk.prepare(repoRoot);
        try {
            asterisk.launch();
        } catch (Exception e) {
            asterisk.close();
            throw e;
        }
        return asterisk;
    }

    private static void install(Path repoRoot) throws IOException, InterruptedException {
        Process installer = new ProcessBuilder(repoRoot.resolve("scripts/install-asterisk.sh").toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(installer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (installer.waitFor() != 0) {
            throw new IllegalStateException("scripts/install-asterisk.sh failed:\n" + output);
        }
    }

    private void prepare(Path repoRoot) throws IOException {
        deleteTree(hostDir);
        for (String sub : List.of("run", "log", "spool", "db")) {
            Files.createDirectories(hostDir.resolve(sub));
        }
        StackConfig.write(repoRoot, hostDir.resolve("etc"), ports);
        Files.writeString(hostDir.resolve("etc/asterisk.conf"), """
                ; written by the tgari test harness
                [directories]
                astetcdir => %1$s/etc
                astrundir => %1$s/run
                astlogdir => %1$s/log
                astspooldir => %1$s/spool
                astdbdir => %1$s/db

                [options]
                verbose = 3
                hideconnect = yes
                """.formatted(innerDir));
    }

    private String confInChroot() {
        return innerDir + "/etc/asterisk.conf";
    }

    private void launch() throws Exception {
        // -f keeps Asterisk in the foreground (chroot execs it, so the process is Asterisk itself);
        // not -c, whose console floods the log without a terminal.
        process = new ProcessBuilder("chroot", root.toString(), "/usr/sbin/asterisk", "-f", "-C", confInChroot())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(hostDir.resolve("log/console.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        version = ari.awaitVersion(START_TIMEOUT, () -> process.isAlive()
                ? Optional.empty()
                : Optional.of("Asterisk exited with " + process.exitValue() + " during start-up; see " + hostDir.resolve("log")));
        cli("core waitfullybooted");
    }

    @Override
    public String ariBaseUrl() {
        return "http://127.0.0.1:" + ports.httpPort();
    }

    @Override
    public String ariUser() {
        return USER;
    }

    @Override
    public String ariPassword() {
        return PASSWORD;
    }

    @Override
    public int sipPort() {
        return ports.sipPort();
    }

    @Override
    public String version() {
        return version;
    }

    /** Host path of this instance's log directory (console.log and messages). */
    Path logDir() {
        return hostDir.resolve("log");
    }

    @Override
    public String cli(String command) throws IOException, InterruptedException {
        // Output goes to a file so that the timeout holds even when the command never returns.
        Path output = Files.createTempFile("tgari-asterisk-rx", ".txt");
        try {
            Process rx = new ProcessBuilder("chroot", root.toString(), "/usr/sbin/asterisk", "-C", confInChroot(), "-rx", command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!rx.waitFor(CLI_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                rx.destroyForcibly();
                throw new IllegalStateException("asterisk -rx '" + command + "' did not finish within " + CLI_TIMEOUT);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (rx.exitValue() != 0) {
                throw new IllegalStateException("asterisk -rx '" + command + "' failed (" + rx.exitValue() + "): " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }


    @Override
    public void restart() throws Exception {
        stop();
        launch();
    }

    @Override
    public void killAndRestart() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Asterisk survived SIGKILL");
            }
        }
        launch();
    }

    private void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            cli("core stop now");
        } catch (Exception e) {
            // the process is destroyed below in any case
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        // -Dtgari.asterisk.keep=true leaves the instance directory (its logs) for reading after a failure.
        if (!Boolean.getBoolean("tgari.asterisk.keep")) {
            try {
                deleteTree(hostDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + hostDir, e);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }

    @Override
    public String toString() {
        return "Asterisk " + version + " (chroot " + root + ", " + ports + ")";
    }
}
