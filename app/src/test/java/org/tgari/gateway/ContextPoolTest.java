package org.tgari.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tgari.gateway.media.MediaClock;

class ContextPoolTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void callsFillOneLoopBeforeTheNextThenGoToTheLeastLoaded() throws Exception {
        var pool = ContextPool.create(vertx, 3, 2).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        var loops = pool.clocks();
        assertThat(loops).hasSize(3);
        assertThat(loops.stream().map(c -> c.context()).distinct()).hasSize(3);

        MediaClock first = pool.next();
        assertThat(pool.next()).isSameAs(first);
        assertThat(pool.next()).isSameAs(loops.get(1));
        assertThat(pool.load()).containsExactly(2, 1, 0);

        first.release(); // a call on the first loop ended: the next call goes back there
        assertThat(pool.next()).isSameAs(first);
        pool.next(); // fills the second
        pool.next(); // third, first time
        pool.next(); // third is full now
        assertThat(pool.load()).containsExactly(2, 2, 2);
        loops.get(1).release();
        loops.get(2).release();
        // all at capacity or not, a loop below it is used first, in order
        assertThat(pool.next()).isSameAs(loops.get(1));
        pool.next();
        assertThat(pool.load()).containsExactly(2, 2, 2);
        assertThat(pool.next()).as("beyond capacity: the least loaded").isSameAs(loops.get(0));
        assertThat(pool.load()).containsExactly(3, 2, 2);
        assertThat(pool.next()).isSameAs(loops.get(1));
    }
}
