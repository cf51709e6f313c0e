package org.tgari.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.tgari.it.harness.AsteriskInstance;

/**
 * tgari as a process of its own ({@code org.tgari.cli.Main demo} on this test's class path), for what
 * an in-JVM gateway cannot show: being killed with SIGKILL.
 */
final class TgariProcess implements AutoCloseable {

    private final Process process;
    private final int httpPort;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    // /calls answers only a bearer of the admin token
    static final String ADMIN_TOKEN = "it-admin-token";

    private TgariProcess(Process process, int httpPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    static TgariProcess start(AsteriskInstance asterisk, Path log, Map<String, String> settings) throws IOException {
        int port;
        try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        // surefire runs tests from a manifest-only jar; this property holds the real class path.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", classPath, "org.tgari.cli.Main", "demo",
                "--set", "ari.url=" + asterisk.ariBaseUrl(), "--set", "ari.user=" + asterisk.ariUser(),
                "--set", "ari.password=" + asterisk.ariPassword(), "--set", "ari.reconnect-max=1s",
                "--set", "http.port=" + port, "--set", "http.token=" + ADMIN_TOKEN,
                // SIGTERM drains: a test that stops tgari with a call up need not wait the default 30 s
                "--set", "calls.drain-timeout=3s"));
        settings.forEach((k, v) -> cmd.addAll(List.of("--set", k + "=" + v)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        return new TgariProcess(p, port, log);
    }

    int healthStatus() {
        var response = send(request("/health").GET(), HttpResponse.BodyHandlers.discarding());
        return response == null ? -1 : response.statusCode();
    }

    /** GET on the process's admin server; the body, or "" when it does not answer. */
    String admin(String path) {
        var response = send(request(path).header("Authorization", "Bearer " + ADMIN_TOKEN).GET(), HttpResponse.BodyHandlers.ofString());
        return response == null ? "" : response.body();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(2));
    }

    /** The response, or null when the admin server does not answer (not up yet, or gone). */
    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request.build(), body);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    void awaitHealthy(Duration timeout) throws InterruptedException {
        TestGateway.await("tgari process healthy (log: " + log + ")", timeout, () -> {
            if (!process.isAlive()) throw new AssertionError("tgari exited with " + process.exitValue() + "; log: " + log);
            return healthStatus() == 200;
        });
    }

    /** SIGTERM: tgari drains (calls.drain-timeout) and exits. */
    void terminate() {
        process.destroy();
    }

    /** The process's exit code once it exited within {@code timeout}; fails the test otherwise. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) throw new AssertionError("tgari still runs after " + timeout + "; log: " + log);
        return process.exitValue();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** POST on the process's admin server with the admin token; the status code, or -1 when it does not answer. */
    int post(String path) {
        var response = send(request(path).header("Authorization", "Bearer " + ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.discarding());
        return response == null ? -1 : response.statusCode();
    }

    /** The operating-system process id, for /proc leak checks. */
    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** SIGKILL: no shutdown hook runs, nothing is hung up or destroyed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) throw new AssertionError("tgari survived SIGKILL");
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) return;
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
