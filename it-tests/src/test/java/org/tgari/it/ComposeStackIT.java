package org.tgari.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.tgari.it.harness.CallResult;
import org.tgari.it.harness.ContainerImages;
import org.tgari.it.harness.PortBlock;
import org.tgari.it.harness.SipPhone;
import org.tgari.it.harness.StackConfig;
import org.tgari.it.tgcalls.WholeCallTone;
import org.tgari.media.audio.ToneAnalyzer;
import org.tgari.media.audio.WavFile;

/**
 * The shipped compose.yaml, run with `docker compose` on the images scripts/build-images.sh builds: a
 * phone dials 600 and hears its tone back from tgari's simulated @echo, `tgbusy` reads 486, the admin
 * server listens on loopback only, and `compose down` leaves nothing running.
 *
 * <p>Only the ports differ from the shipped stack (an override file mounts this run's configuration at
 * /config and points tgari at it), so that the test never meets a demo on the default ports.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeStackIT {

    private static final double TONE_HZ = 1000.0;
    private static final double TONE_DBFS = -12.0;
    /** The admin token, for /calls; only this test's stack knows it. */
    private static final String TOKEN = "compose-it-" + Long.toHexString(RandomGenerator.getDefault().nextLong());
    private static final Pattern FRAMES_TO_ASTERISK = Pattern.compile("\"framesToAsterisk\"\\s*:\\s*\"?(\\d+)");

    @TempDir static Path work;
    static Path repo;
    static PortBlock ports;
    static int adminPort;
    static String project;
    static Path override;

    @BeforeAll
    static void composeUp() throws Exception {
        ContainerImages.requireOrSkip("tgari/asterisk:local", "tgari/tgari:local");
        repo = StackConfig.repoRoot();
        ports = PortBlock.findFree(RandomGenerator.getDefault());
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            adminPort = s.getLocalPort();
        }
        project = "tgari-it-" + ports.httpPort();
        Path config = work.resolve("config");
        StackConfig.write(repo, config, ports);
        override = work.resolve("ports.yaml");
        Files.writeString(override, """
                services:
                  asterisk:
                    volumes:
                      - %s:/config:ro
                  tgari:
                    command: ["demo", "--set", "http.host=127.0.0.1", "--set", "http.port=%d", "--set", "ari.url=http://127.0.0.1:%d"]
                    environment:
                      TGARI_HTTP_TOKEN: %s
                """.formatted(config, adminPort, ports.httpPort(), TOKEN));
        compose("up", "-d", "--no-build", "--wait");
        TestGateway.await("tgari's /health to answer 200", Duration.ofSeconds(60), () -> healthStatus("127.0.0.1") == 200);
    }

    // Also after a failure half-way; a second `down` after the last test's is a no-op.
    @AfterAll
    static void composeDown() throws Exception {
        if (project != null) {
            saveLogs();
            compose("down", "--timeout", "20");
        }
    }

    /** Both containers' output, for reading after a failure: it-tests/target/tgari-it-PORT.log. */
    private static void saveLogs() throws Exception {
        String logs = run(List.of("docker", "compose", "-p", project, "-f", repo.resolve("compose.yaml").toString(),
                "-f", override.toString(), "logs", "--no-color", "--timestamps"));
        if (!logs.isBlank()) {
            Files.writeString(repo.resolve("it-tests/target/" + project + ".log"), logs);
        }
    }

    @Test
    void echoReturnsTheToneInEverySecond() throws Exception {
        Path mic = TestGateway.toneWav(work, "tone-1k.wav", TONE_HZ, TONE_DBFS, 30);
        try (var phone = SipPhone.start(mic, work.resolve("echo"))) {
            phone.dial("sip:600@127.0.0.1:" + ports.sipPort());
            assertThat(phone.awaitEstablishedOrClosed(Duration.ofSeconds(15))).isInstanceOf(CallResult.Established.class);
            // Set-up to Telegram's side takes seconds in a cold container; talk until 6 s have come back (as EchoCallIT).
            TestGateway.await("6 s of echoed audio", Duration.ofSeconds(40), () -> framesToAsterisk() > 300);
            phone.hangup();
            assertThat(phone.awaitClosed(Duration.ofSeconds(10))).isInstanceOf(CallResult.Closed.class);

            var heard = WavFile.readAudio(phone.lastReceivedRecording());
            double seconds = heard.samples().length / (double) heard.sampleRate();
            var sent = WavFile.readAudio(mic);
            double sentDbfs = ToneAnalyzer.toneLevelDbfs(sent.samples(), 0, sent.sampleRate(), sent.sampleRate(), TONE_HZ);
            var echo = WholeCallTone.judge(heard, 2.0, seconds - 0.5, TONE_HZ, sentDbfs);
            System.out.printf("compose echo (%.1f s heard): %s%n", seconds, echo.describe());
            assertThat(echo.windows()).as("judged seconds").hasSizeGreaterThanOrEqualTo(3);
            assertThat(echo.allGood()).as("the echo in every second: %s", echo.describe()).isTrue();
        }
    }

    @Test
    void busyTargetReads486() throws Exception {
        Path silence = work.resolve("silence.wav");
        WavFile.writeMono16(silence, 8000, new short[8000 * 5]);
        try (var phone = SipPhone.start(silence, work.resolve("busy"))) {
            phone.dial("sip:tgbusy@127.0.0.1:" + ports.sipPort());
            assertThat(phone.awaitEstablishedOrClosed(Duration.ofSeconds(15)))
                    .isInstanceOfSatisfying(CallResult.Closed.class, closed -> assertThat(closed.sipCode()).isEqualTo(486));
        }
    }

    @Test
    void adminServerListensOnLoopbackOnly() throws Exception {
        assertThat(healthStatus("127.0.0.1")).isEqualTo(200);
        List<String> listeners = listenersOn(adminPort);
        assertThat(listeners).as("sockets listening on the admin port").isNotEmpty()
                .allSatisfy(address -> assertThat(address).isEqualTo("127.0.0.1"));
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void downLeavesNothingRunning() throws Exception {
        saveLogs();
        compose("down", "--timeout", "20");
        assertThat(run(List.of("docker", "ps", "-aq", "--filter", "label=com.docker.compose.project=" + project)).trim())
                .as("containers of project " + project).isEmpty();
        assertThat(listenersOn(adminPort)).as("the admin port after down").isEmpty();
        assertThat(listenersOn(ports.httpPort())).as("Asterisk's HTTP port after down").isEmpty();
    }

    /** Frames tgari sent to Asterisk in the calls now up, from the admin server's /calls. */
    private static long framesToAsterisk() {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpResponse<String> calls = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/calls"))
                    .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (calls.statusCode() != 200) {
                throw new IllegalStateException("/calls answered " + calls.statusCode() + ": " + calls.body());
            }
            String body = calls.body();
            return FRAMES_TO_ASTERISK.matcher(body).results().mapToLong(m -> Long.parseLong(m.group(1))).sum();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static int healthStatus(String host) {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + adminPort + "/health"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Local addresses of the TCP sockets listening on {@code port}, from /proc/net/tcp and tcp6 (host networking: same table). */
    private static List<String> listenersOn(int port) throws IOException {
        List<String> addresses = new ArrayList<>();
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[1].endsWith(hexPort) && "0A".equals(f[3])) {   // 0A: LISTEN
                    addresses.add(decode(f[1].substring(0, f[1].indexOf(':'))));
                }
            }
        }
        return addresses;
    }

    // /proc/net/tcp writes addresses as little-endian 32-bit words in hex.
    private static String decode(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = word * 8 + (3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            InetAddress address = InetAddress.getByAddress(bytes);
            return address.isLoopbackAddress() ? "127.0.0.1" : address.getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("bad address in /proc/net: " + hex, e);
        }
    }

    private static void compose(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("docker", "compose", "-p", project,
                "-f", repo.resolve("compose.yaml").toString(), "-f", override.toString()));
        cmd.addAll(List.of(args));
        run(cmd);
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed (" + p.exitValue() + "):\n" + out);
        }
        return out;
    }
}
