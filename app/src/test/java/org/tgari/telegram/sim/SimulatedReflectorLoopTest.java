package org.tgari.telegram.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated reflector stands for Telegram's servers, which a busy gateway does not slow down: it
 * must not share an event loop with the gateway. (It did: in EchoCallIT the loop that also carries the
 * ARI events and the admin API paused for 0.3-0.5 s at a time near a call's end, both directions of the
 * call's media stopped with it, and a phone heard its echo go silent.)
 */
class SimulatedReflectorLoopTest {

    private Vertx vertx;
    private SimulatedTelegram sim;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        sim = new SimulatedTelegram(vertx, Duration.ofMillis(10));
        sim.start().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() throws Exception {
        release.countDown();
        sim.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void theReflectorAnswersWhileEveryEventLoopOfTheGatewayIsBusy() throws Exception {
        var loops = ((VertxInternal) vertx).nettyEventLoopGroup();
        int count = 0;
        for (EventExecutor ignored : loops) count++;
        var busy = new CountDownLatch(count);
        for (EventExecutor loop : loops) {
            loop.execute(() -> {
                busy.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertThat(busy.await(5, TimeUnit.SECONDS)).as("every loop of the gateway's Vert.x is busy").isTrue();

        try (var socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(1500);
            byte[] hello = new byte[32];
            Arrays.fill(hello, 16, 28, (byte) 0xFF);
            hello[28] = (byte) 0xFE;
            socket.send(new DatagramPacket(hello, hello.length, InetAddress.getLoopbackAddress(), sim.reflectorPort()));
            var pong = new DatagramPacket(new byte[64], 64);
            socket.receive(pong); // times out while the reflector waits behind the gateway's work
            assertThat(pong.getLength()).isEqualTo(32);
        } finally {
            release.countDown();
        }
    }
}
