package org.tgari.voip.turn;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TurnWarmUpTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aClientGoesThroughItsWholeLifeAgainstTheStandIn() throws Exception {
        assertThat(TurnWarmUp.run(vertx).get(10, TimeUnit.SECONDS)).as("challenged, allocated, permitted, bound, released").isTrue();
    }
}
