package org.tgari.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tgari.it.harness.AsteriskInstance;
import org.tgari.it.harness.Asterisks;

/** The admin endpoints against a real Asterisk. */
class HealthAndMetricsIT {

    static AsteriskInstance asterisk;

    @BeforeAll
    static void start() {
        asterisk = Asterisks.start();
    }

    @AfterAll
    static void stop() {
        if (asterisk != null) asterisk.close();
    }

    @Test
    void healthIsUpWhenAriIsConnectedAndTelegramReady() throws Exception {
        try (var gw = TestGateway.start(asterisk, Map.of())) {
            var r = gw.admin("/health");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"status\":\"UP\"", "\"ari\":\"connected\"", "\"asteriskVersion\":\"" + asterisk.version());
            var head = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + gw.runtime.httpPort() + "/health")).method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).as("HEAD /health").isEqualTo(200);
            assertThat(head.body()).isEmpty();
            var m = gw.admin("/metrics");
            assertThat(m.statusCode()).isEqualTo(200);
            assertThat(m.body()).contains("tgari_calls_active", "tgari_calls_total{outcome=\"busy\"}", "jvm_threads");
        }
    }

    @Test
    void healthIs503WithAReasonWhenTelegramIsNotReady() throws Exception {
        try (var gw = TestGateway.start(asterisk, Map.of("telegram.mode", "tdlib"))) {
            var r = gw.admin("/health");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("\"status\":\"DOWN\"", "no lines configured");
        }
    }

    @Test
    void healthIs503WhenAriIsUnreachable() throws Exception {
        var cfg = org.tgari.config.ConfigLoader.fromMap(Map.of("ari.url", "http://127.0.0.1:9", "http.port", "0"));
        try (var rt = org.tgari.runtime.GatewayRuntime.start(cfg)) {
            var client = java.net.http.HttpClient.newHttpClient();
            var r = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + rt.httpPort() + "/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("ARI events websocket is not connected");
        }
    }
}
