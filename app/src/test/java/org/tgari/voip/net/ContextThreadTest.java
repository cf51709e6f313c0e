package org.tgari.voip.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** "On the engine's thread" must hold in a periodic timer of its own context (Vert.x runs those on duplicates). */
class ContextThreadTest {

    private Vertx vertx;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private Context newContext() throws Exception {
        Promise<Context> p = Promise.promise();
        Thread t = new Thread(() -> p.complete(vertx.getOrCreateContext())); // a fresh thread: a fresh event-loop context
        t.start();
        return p.future().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void trueInAPeriodicTimerOfTheContextAndFalseElsewhere() throws Exception {
        Context context = newContext();
        var check = new ContextThread(context);
        var inTimer = new CompletableFuture<boolean[]>();
        context.runOnContext(v -> {
            long[] id = new long[1];
            id[0] = vertx.setPeriodic(5, t -> {
                vertx.cancelTimer(id[0]);
                // the comparison this replaced, and the one that counts
                inTimer.complete(new boolean[] {Vertx.currentContext() == context, check.isCurrent()});
            });
        });
        boolean[] seen = inTimer.get(5, TimeUnit.SECONDS);
        assertThat(seen[0]).as("Vert.x hands periodic timers a duplicated context").isFalse();
        assertThat(seen[1]).as("but it is the context's thread").isTrue();
        assertThat(check.isCurrent()).as("the test thread").isFalse();
        Future<Boolean> onWorker = vertx.executeBlocking(check::isCurrent);
        assertThat(onWorker.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)).as("a worker thread").isFalse();
    }
}
