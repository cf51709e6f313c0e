package org.tgari.voip.net;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tgari.voip.log.LogCapture;
import org.tgari.voip.log.LogContext;

/**
 * The poller of an event loop serves the sockets of many calls: when polling fails, each call's log
 * says so with that call's fields, whichever call's socket the loop served last.
 */
class SocketPollerLogTest {

    private Vertx vertx;
    private LogCapture net;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        net = LogCapture.of("org.tgari.voip.net");
    }

    @AfterEach
    void tearDown() throws Exception {
        net.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static UdpSocket bind(Context context, LogContext call) throws Exception {
        return Future.<UdpSocket>future(p -> context.runOnContext(v -> UdpSocket.bind(context, "127.0.0.1", null, call,
                (from, buf, off, len) -> { }).onComplete(p))).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aPollingFailureIsWrittenOnceForEachCallOnTheLoopWithItsFields() throws Exception {
        Context context = vertx.getOrCreateContext();
        var seven = LogContext.named("7 (tg 1234)").with("call", "7").with("telegramCall", "1234");
        var eight = LogContext.named("8").with("call", "8");
        List<UdpSocket> sockets = List.of(bind(context, seven), bind(context, seven), bind(context, eight));
        var done = new CompletableFuture<Void>();
        context.runOnContext(v -> {
            SocketPoller.of((ContextInternal) context).warnEachCall(new IOException("selector broke"));
            done.complete(null);
        });
        done.get(5, TimeUnit.SECONDS);

        List<ILoggingEvent> lines = net.lines();
        assertThat(lines).extracting(LogCapture::fields).containsExactlyInAnyOrder(Map.of("call", "7", "telegramCall", "1234"), Map.of("call", "8"));
        assertThat(lines).extracting(ILoggingEvent::getFormattedMessage).containsExactlyInAnyOrder(
                "call 7 (tg 1234): polling the UDP sockets of its event loop failed: java.io.IOException: selector broke",
                "call 8: polling the UDP sockets of its event loop failed: java.io.IOException: selector broke");
        sockets.forEach(UdpSocket::close);
    }
}
