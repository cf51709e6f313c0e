package org.tgari.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgari.it.harness.AsteriskInstance;
import org.tgari.it.harness.Asterisks;
import org.tgari.it.harness.CallResult;
import org.tgari.it.harness.SipPhone;

/**
 * The Grafana dashboard shipped in {@code monitoring/} against a real Prometheus (Debian's package)
 * scraping a running tgari: after a busy call and during an echo call, every query of every panel must
 * return data, and numbers rather than NaN. A renamed metric or a query that can never match fails here,
 * not on an operator's empty panel.
 */
class DashboardQueriesIT {

    private static final Path DASHBOARD = Path.of("..", "monitoring", "grafana", "dashboards", "tgari.json");
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

    static AsteriskInstance asterisk;
    @TempDir static Path work;

    @BeforeAll
    static void startAsterisk() throws Exception {
        asterisk = Asterisks.start();
    }

    @AfterAll
    static void stopAsterisk() {
        if (asterisk != null) asterisk.close();
    }

    @Test
    void everyPanelsQueryReturnsDataFromARunningGateway() throws Exception {
        assertThat(PROMETHEUS).as("Debian's prometheus (scripts/install-interop-tools.sh installs it)").isExecutable();
        Map<String, String> queries = panelQueries();
        assertThat(queries).as("queries in " + DASHBOARD).hasSizeGreaterThanOrEqualTo(6);
        Path mic = TestGateway.toneWav(work, "tone.wav", 1000.0, -12.0, 30);
        try (var gw = TestGateway.start(asterisk, Map.of());
             var prometheus = Prometheus.start(work.resolve("prometheus"), gw.runtime.httpPort())) {
            TestGateway.await("Prometheus scraping tgari", Duration.ofSeconds(30),
                    () -> hasData(prometheus.query("up{job=\"tgari\"} == 1")));
            try (var phone = SipPhone.start(mic, Files.createDirectories(work.resolve("busy")))) {
                phone.dial("sip:tgbusy@127.0.0.1:" + asterisk.sipPort());
                CallResult r = phone.awaitEstablishedOrClosed(Duration.ofSeconds(15));
                assertThat(r).isInstanceOf(CallResult.Closed.class);
                assertThat(((CallResult.Closed) r).sipCode()).isEqualTo(486);
            }
            try (var phone = SipPhone.start(mic, Files.createDirectories(work.resolve("echo")))) {
                phone.dial("sip:600@127.0.0.1:" + asterisk.sipPort());
                assertThat(phone.awaitEstablishedOrClosed(Duration.ofSeconds(15))).isInstanceOf(CallResult.Established.class);
                TestGateway.await("an RTT for the Telegram leg", Duration.ofSeconds(15), () -> gw.runtime.gateway().describeCalls().stream()
                        .anyMatch(m -> m.get("telegramRttMs") != null));
                Map<String, String> missing = new LinkedHashMap<>(queries);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!missing.isEmpty() && System.nanoTime() < deadline) {
                    missing.values().removeIf(expr -> hasData(prometheus.query(expr)));
                    if (!missing.isEmpty()) Thread.sleep(500); // the next scrape is a second away
                }
                assertThat(missing).as("panels whose query returned no data (or NaN) during a call").isEmpty();
                JsonArray busy = prometheus.query("sum by (outcome) (increase(tgari_calls_total{outcome=\"busy\"}[5m]))");
                assertThat(Double.parseDouble(busy.getJsonObject(0).getJsonArray("value").getString(1)))
                        .as("the busy call in the outcome panel's series").isPositive();
                phone.hangup();
            }
        }
    }

    /** Every panel target's expression, keyed by panel title and refId. */
    private static Map<String, String> panelQueries() throws IOException {
        var dashboard = new JsonObject(Files.readString(DASHBOARD));
        Map<String, String> queries = new LinkedHashMap<>();
        for (Object p : dashboard.getJsonArray("panels")) {
            var panel = (JsonObject) p;
            for (Object t : panel.getJsonArray("targets")) {
                var target = (JsonObject) t;
                queries.put(panel.getString("title") + " / " + target.getString("refId"), target.getString("expr"));
            }
        }
        return queries;
    }

    private static boolean hasData(JsonArray result) {
        if (result.isEmpty()) return false;
        for (Object r : result) {
            String v = ((JsonObject) r).getJsonArray("value").getString(1);
            if (v.equals("NaN") || v.contains("Inf")) return false;
        }
        return true;
    }

    /** A Prometheus process scraping tgari every second, on loopback, with its data in a temp dir. */
    private record Prometheus(Process process, int port, HttpClient http) implements AutoCloseable {

        static Prometheus start(Path dir, int tgariPort) throws IOException {
            Files.createDirectories(dir);
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                    scrape_configs:
                      - job_name: tgari
                        static_configs:
                          - targets: ["127.0.0.1:%d"]
                    """.formatted(tgariPort));
            int port;
            try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            List<String> cmd = new ArrayList<>(List.of(PROMETHEUS.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port));
            Process process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("prometheus.log").toFile())).start();
            return new Prometheus(process, port, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
        }

        /** An instant query's result vector; empty when Prometheus does not answer (yet). */
        JsonArray query(String expr) {
            var uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
            try {
                var response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) return new JsonArray();
                var data = new JsonObject(response.body()).getJsonObject("data");
                return "vector".equals(data.getString("resultType")) ? data.getJsonArray("result") : new JsonArray();
            } catch (IOException e) {
                return new JsonArray();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new JsonArray();
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
    }
}
