package org.tgari.voip.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tgari.voip.dtls.DtlsCertificate;

/** The census counts an engine from construction to its release, once, whether it closed or failed first. */
class EngineCensusTest {

    private final Vertx vertx = Vertx.vertx();
    private final EngineCensus census = new EngineCensus();
    private final List<EngineState> states = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    // Built on one context, so the engines run their tasks in the order they were asked to.
    private final io.vertx.core.Context context = vertx.getOrCreateContext();

    private CallEngine engine(String version) throws Exception {
        var built = new java.util.concurrent.CompletableFuture<CallEngine>();
        context.runOnContext(v -> built.complete(engineHere(version)));
        return built.get(5, TimeUnit.SECONDS);
    }

    private CallEngine engineHere(String version) {
        var options = new CallEngine.Options("127.0.0.1", Duration.ofSeconds(20), DtlsCertificate.generateEcdsaP256(), census);
        return new CallEngine(vertx, new CallParams(new byte[256], true, version, List.of(), false, Map.of()), options, new CallEngine.Listener() {
            @Override
            public void signaling(byte[] blob) {
            }

            @Override
            public void state(EngineState s) {
                states.add(s);
            }
        });
    }

    @Test
    void aClosedEngineLeavesTheCensus() throws Exception {
        var e = engine("8.0.0");
        assertThat(census.alive()).isEqualTo(1);
        e.close();
        await(() -> states.stream().anyMatch(s -> s instanceof EngineState.Closed));
        assertThat(census.alive()).isZero();
    }

    @Test
    void aFailedEngineLeavesItOnceEvenWhenClosedAfterwards() throws Exception {
        var e = engine("1.0.0"); // unsupported: begin() fails it
        var other = engine("8.0.0");
        e.begin();
        await(() -> states.stream().anyMatch(s -> s instanceof EngineState.Failed));
        e.close();
        e.close();
        other.close(); // runs after e's closes: its Closed state says they were done
        await(() -> states.stream().anyMatch(s -> s instanceof EngineState.Closed));
        assertThat(census.alive()).isZero();
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out");
            Thread.sleep(10);
        }
    }
}
