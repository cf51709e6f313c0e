package org.tgari.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MediaClockTest {

    @Test
    void aTickThatThrowsDoesNotStopTheOtherCallsOfItsLoop() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            var context = vertx.getOrCreateContext();
            var clock = new MediaClock(context);
            var broken = new AtomicInteger();
            var healthy = new CountDownLatch(5);
            context.runOnContext(v -> {
                clock.register(() -> {
                    broken.incrementAndGet();
                    throw new IllegalStateException("a broken call");
                });
                clock.register(healthy::countDown);
            });
            assertThat(healthy.await(5, TimeUnit.SECONDS)).as("the healthy call kept ticking").isTrue();
            assertThat(broken.get()).as("the broken one was ticked too, each round").isGreaterThanOrEqualTo(4);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }
}
