package org.tgari.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = HttpClient.newHttpClient();
    private final java.util.concurrent.atomic.AtomicInteger drains = new java.util.concurrent.atomic.AtomicInteger();
    private AdminServer server;
    private int port;

    private final java.util.List<Long> simulatedCalls = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.List<String> simulatedTexts = new java.util.concurrent.CopyOnWriteArrayList<>();

    private void start(String token) throws Exception {
        server = new AdminServer(vertx, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                () -> new AdminServer.HealthStatus(true, false, true, "", "22.10.0", "websocket", drains.get() > 0, 2),
                () -> java.util.concurrent.CompletableFuture.completedFuture(new JsonArray().add(new JsonObject().put("id", "call-1"))), drains::incrementAndGet, token)
                .withSimulatedCallers(from -> {
                    if (from != 1001) throw new IllegalArgumentException("no simulated user " + from);
                    simulatedCalls.add(from);
                })
                .withSimulatedWriters((from, text) -> {
                    if (from != 1001) throw new IllegalArgumentException("no simulated user " + from);
                    simulatedTexts.add(from + ": " + text);
                });
        port = server.start("127.0.0.1", 0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        return send(path, authorization, "GET");
    }

    private HttpResponse<String> send(String path, String authorization, String method) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) request.header("Authorization", authorization);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @AfterEach
    void close() throws Exception {
        if (server != null) server.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void withoutATokenOnlyHealthAndMetricsAnswer() throws Exception {
        start("");
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
        assertThat(get("/metrics", null).statusCode()).isEqualTo(200);
        var calls = get("/calls", "Bearer anything");
        assertThat(calls.statusCode()).isEqualTo(401);
        assertThat(calls.body()).contains("no http.token is configured").doesNotContain("call-1");
        assertThat(calls.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void aSimulatedUserCallsTheLineOnlyForTheBearerOfTheToken() throws Exception {
        start("s3cret");
        assertThat(send("/sim/call-line?from=1001", null, "POST").statusCode()).isEqualTo(401);
        assertThat(simulatedCalls).isEmpty();
        assertThat(send("/sim/call-line?from=1001", "Bearer s3cret", "POST").statusCode()).isEqualTo(202);
        assertThat(simulatedCalls).containsExactly(1001L);
        var unknown = send("/sim/call-line?from=42", "Bearer s3cret", "POST");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no simulated user 42");
        assertThat(send("/sim/call-line?from=echo", "Bearer s3cret", "POST").statusCode()).isEqualTo(400);
    }

    @Test
    void aSimulatedUserWritesToTheLineOnlyForTheBearerOfTheToken() throws Exception {
        start("s3cret");
        assertThat(send("/sim/write-line?from=1001&text=100", null, "POST").statusCode()).isEqualTo(401);
        assertThat(simulatedTexts).isEmpty();
        assertThat(send("/sim/write-line?from=1001&text=%20100%20please", "Bearer s3cret", "POST").statusCode()).isEqualTo(202);
        assertThat(simulatedTexts).containsExactly("1001:  100 please");
        assertThat(send("/sim/write-line?from=42&text=100", "Bearer s3cret", "POST").statusCode()).isEqualTo(404);
        assertThat(send("/sim/write-line?from=1001", "Bearer s3cret", "POST").statusCode()).isEqualTo(400);
        assertThat(send("/sim/write-line?from=1001&text=" + "1".repeat(4097), "Bearer s3cret", "POST").statusCode()).isEqualTo(400);
        assertThat(simulatedTexts).hasSize(1);
    }

    @Test
    void callsAnswerOnlyTheBearerOfTheToken() throws Exception {
        start("s3cret");
        assertThat(get("/calls", null).statusCode()).as("no token").isEqualTo(401);
        assertThat(get("/calls", "Bearer s3cre").statusCode()).as("wrong token").isEqualTo(401);
        assertThat(get("/calls", "Basic czNjcmV0").statusCode()).as("another scheme").isEqualTo(401);
        var right = get("/calls", "Bearer s3cret");
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.body()).contains("call-1");
        assertThat(get("/health", null).statusCode()).as("health stays open").isEqualTo(200);
        assertThat(get("/metrics", null).statusCode()).as("metrics stay open").isEqualTo(200);
    }

    @Test
    void drainNeedsTheTokenAndThenHealthSaysDraining() throws Exception {
        start("s3cret");
        assertThat(send("/drain", null, "POST").statusCode()).isEqualTo(401);
        assertThat(send("/drain", "Bearer wrong", "POST").statusCode()).isEqualTo(401);
        assertThat(drains.get()).as("no drain without the token").isZero();
        var accepted = send("/drain", "Bearer s3cret", "POST");
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(drains.get()).isEqualTo(1);
        var health = get("/health", null);
        assertThat(health.statusCode()).as("a draining instance takes no calls").isEqualTo(503);
        assertThat(health.body()).contains("\"status\":\"DRAINING\"").contains("2 call(s) in progress");
    }
}
