package org.tgari.ari;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.loway.oss.ari4java.tools.HttpParam;
import ch.loway.oss.ari4java.tools.HttpResponse;
import ch.loway.oss.ari4java.tools.RestException;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AriRestTransportTest {

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) c.close();
    }

    private AriRestTransport transport(int port, Duration timeout) {
        var t = new AriRestTransport("http://127.0.0.1:" + port + "/", "tgari", "secret", timeout);
        open.add(t::destroy);
        return t;
    }

    @Test
    void answersAndErrorsAsAri4javaExpectsThem() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        open.add(() -> server.stop(0));
        server.createContext("/ari/", exchange -> {
            String uri = exchange.getRequestURI().toString();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] body = (uri.contains("missing") ? "{\"message\":\"Channel not found\"}" : "{\"uri\":\"" + uri + "\",\"auth\":\"" + auth + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(uri.contains("missing") ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        var t = transport(server.getAddress().getPort(), Duration.ofSeconds(5));

        String ok = t.httpActionSync("/channels/c1/ring", "POST", List.of(HttpParam.build("reason_code", "34"), HttpParam.build("empty", "")), null, List.of());
        assertThat(ok).contains("/ari/channels/c1/ring?reason_code=34\"").contains("Basic dGdhcmk6c2VjcmV0");
        assertThatThrownBy(() -> t.httpActionSync("/channels/missing", "DELETE", List.of(), null, List.of(HttpResponse.build(404, "Channel not found"))))
                .isInstanceOfSatisfying(RestException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getMessage()).contains("Channel not found");
                });
        assertThat(t.url("/channels", List.of(HttpParam.build("endpoint", "Local/100@from telegram"))))
                .endsWith("/ari/channels?endpoint=Local%2F100%40from+telegram");
    }

    @Test
    void aConnectionClosedWithoutAnAnswerFailsAtOnceAndAHungOneAfterTheTimeoutWithoutHoldingUpOthers() throws Exception {
        // Asterisk killed with the request in flight: the connection closes and no answer comes.
        ServerSocket dying = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        open.add(dying);
        Thread.ofVirtual().start(() -> acceptAll(dying, true));
        var t = transport(dying.getLocalPort(), Duration.ofSeconds(20));
        long began = System.nanoTime();
        assertThatThrownBy(() -> t.httpActionSync("/channels/c1/answer", "POST", List.of(), null, List.of())).isInstanceOf(RestException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - began)).as("ari4java's Netty client waits up to its 30 s read timeout here").isLessThan(Duration.ofSeconds(5));

        // Asterisk hung: the connection stays open and silent.
        ServerSocket hung = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        open.add(hung);
        Thread.ofVirtual().start(() -> acceptAll(hung, false));
        var slow = transport(hung.getLocalPort(), Duration.ofMillis(500));
        var first = CompletableFuture.runAsync(() -> expectFailure(slow));
        var second = CompletableFuture.runAsync(() -> expectFailure(slow));
        // both fail by their own timeout, not one after the other
        CompletableFuture.allOf(first, second).get(3, TimeUnit.SECONDS);
    }

    private static void expectFailure(AriRestTransport t) {
        assertThatThrownBy(() -> t.httpActionSync("/bridges/b1", "DELETE", List.of(), null, List.of()))
                .isInstanceOf(RestException.class).hasMessageContaining("no answer from Asterisk within 500 ms");
    }

    private static void acceptAll(ServerSocket server, boolean closeAfterRequest) {
        List<Socket> held = new ArrayList<>();
        try {
            while (true) {
                Socket s = server.accept();
                held.add(s);
                if (closeAfterRequest) {
                    s.getInputStream().read(new byte[4096]);
                    s.close();
                }
            }
        } catch (IOException closed) {
            for (Socket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // the test is over
                }
            }
        }
    }
}
