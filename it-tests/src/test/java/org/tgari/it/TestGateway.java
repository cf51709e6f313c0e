package org.tgari.it;

import java.net.URI;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.tgari.config.ConfigLoader;
import org.tgari.it.harness.AsteriskInstance;
import org.tgari.runtime.GatewayRuntime;

/** tgari running in this JVM against a test Asterisk, plus the checks the tests share. */
final class TestGateway implements AutoCloseable {

    final GatewayRuntime runtime;
    private final AsteriskInstance asterisk;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestGateway(GatewayRuntime runtime, AsteriskInstance asterisk) {
        this.runtime = runtime;
        this.asterisk = asterisk;
    }

    static TestGateway start(AsteriskInstance asterisk, Map<String, String> settings) throws Exception {
        Map<String, String> cfg = new HashMap<>();
        cfg.put("ari.url", asterisk.ariBaseUrl());
        cfg.put("ari.user", asterisk.ariUser());
        cfg.put("ari.password", asterisk.ariPassword());
        cfg.put("ari.reconnect-max", "1s");
        cfg.put("http.port", "0");
        cfg.put("http.token", TgariProcess.ADMIN_TOKEN);
        cfg.put("telegram.mode", "simulated");
        cfg.putAll(settings);
        var gw = new TestGateway(GatewayRuntime.start(ConfigLoader.fromMap(cfg)), asterisk);
        await("ARI connected and transport chosen", Duration.ofSeconds(20), () -> gw.runtime.ariConnected() && !"unknown".equals(gw.runtime.gateway().asteriskVersion()));
        return gw;
    }

    /** Writes {@code seconds} of a tone as an 8 kHz WAV, the phone's microphone. */
    static Path toneWav(Path dir, String name, double hz, double dbfs, int seconds) throws java.io.IOException {
        short[] pcm = new short[8000 * seconds];
        new org.tgari.media.audio.ToneGenerator(8000, hz, dbfs).next(pcm, 0, pcm.length);
        Path p = dir.resolve(name);
        org.tgari.media.audio.WavFile.writeMono16(p, 8000, pcm);
        return p;
    }

    /** GET on tgari's admin server: status code and body. */
    HttpResponse<String> admin(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.httpPort() + path))
                        .header("Authorization", "Bearer " + TgariProcess.ADMIN_TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GET on Asterisk's ARI, independent of tgari's own client. */
    String ari(String path) throws Exception {
        String auth = Base64.getEncoder().encodeToString((asterisk.ariUser() + ":" + asterisk.ariPassword()).getBytes());
        var resp = http.send(HttpRequest.newBuilder(URI.create(asterisk.ariBaseUrl() + "/ari" + path))
                .header("Authorization", "Basic " + auth).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) throw new IllegalStateException("ARI " + path + " -> " + resp.statusCode() + " " + resp.body());
        return resp.body();
    }

    /** Waits for a condition with a deadline; a bounded poll of observable state, not a sleep to let things happen. */
    /**
     * Waits until the SIP endpoint {@code endpoint} (e.g. the demo phone) is registered with Asterisk: a
     * phone's own "registered" event can come before the test listens, Asterisk's contact list cannot.
     */
    static void awaitRegistered(org.tgari.it.harness.AsteriskInstance asterisk, String endpoint) throws InterruptedException {
        await("the " + endpoint + " phone registered", Duration.ofSeconds(15), () -> {
            try {
                return asterisk.cli("pjsip show contacts").contains(endpoint + "/sip:");
            } catch (Exception e) {
                return false;
            }
        });
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            Thread.sleep(50);
        }
    }

    /** A counter from the Prometheus text, or 0 when absent. */
    double metric(String name, String labels) throws Exception {
        String body = admin("/metrics").body();
        for (String line : body.split("\n")) {
            if (line.startsWith(name + "{") && line.contains(labels)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    @Override
    public void close() {
        runtime.close();
    }
}
