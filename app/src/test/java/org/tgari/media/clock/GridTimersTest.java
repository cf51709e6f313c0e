package org.tgari.media.clock;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GridTimersTest {

    private static final long MS = 1_000_000;
    private Vertx vertx;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** now, delay, grid (ms) → the delay that lands on the first grid point at or after now + delay. */
    @ParameterizedTest
    @CsvSource({"0, 0, 20, 0", "0, 1000, 20, 1000", "7, 1000, 20, 1013", "20, 5, 20, 20", "19, 0, 20, 1", "-3, 10, 20, 23"})
    void aDeadlineMovesToTheNextGridPoint(long nowMs, long delayMs, long gridMs, long expectedMs) {
        assertThat(TickGrid.delayToPointAfter(nowMs * MS, delayMs * MS, gridMs * MS)).isEqualTo(expectedMs * MS);
    }

    @Test
    void onceRunsOnItsContextAndACancelledTimerNever() throws Exception {
        Context context = vertx.getOrCreateContext();
        var timers = new GridTimers(context);
        var ran = new CompletableFuture<Context>();
        var cancelledRan = new AtomicInteger();
        context.runOnContext(v -> {
            timers.once(0, () -> cancelledRan.incrementAndGet()).cancel(false);
            // later on the same loop: had the first not been cancelled, it would have run before this one
            timers.once(2 * TickGrid.STEP_MS, () -> ran.complete(Vertx.currentContext()));
        });
        assertThat(ran.get(5, TimeUnit.SECONDS)).isSameAs(context);
        assertThat(cancelledRan).hasValue(0);
    }

    @Test
    void everyRepeatsUntilCancelled() throws Exception {
        Context context = vertx.getOrCreateContext();
        var timers = new GridTimers(context);
        var three = new CountDownLatch(3);
        var handle = new CompletableFuture<io.netty.util.concurrent.ScheduledFuture<?>>();
        context.runOnContext(v -> handle.complete(timers.every(1, three::countDown))); // rounded up to one grid step
        assertThat(three.await(5, TimeUnit.SECONDS)).isTrue();
        handle.get().cancel(false);
        assertThat(handle.get().isCancelled()).isTrue();
    }
}
