package org.tgari.voip.engine;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tgari.voip.dtls.DtlsCertificate;

class EngineWarmUpTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void warmUpCallsConnectAndEnd() {
        // Each loopback call ends once it connected and carried media, well before its give-up time (6 s a call).
        var certificate = DtlsCertificate.generateEcdsaP256();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> EngineWarmUp.run(vertx, certificate, 2).join());
    }
}
