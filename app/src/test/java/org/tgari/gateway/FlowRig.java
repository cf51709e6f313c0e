package org.tgari.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.tgari.config.ConfigLoader;
import org.tgari.telegram.TelegramLine;
import org.tgari.telegram.sim.SimulatedTelegram;

/**
 * What a call-flow test runs a {@link Gateway} against, without Asterisk: a Vert.x, a scripted ARI whose
 * ExternalMedia points at a fake Asterisk RTP socket, the simulated Telegram network (ringing after 10 ms)
 * and a pool of call contexts. Closing it closes the Vert.x, and with it everything started on it.
 */
final class FlowRig implements AutoCloseable {

    /** Keys every flow test's gateway has unless it says otherwise: plain RTP, and no no-answer timer to race a loaded machine. */
    private static final Map<String, String> BASE_KEYS = Map.of("media.transport", "rtp", "calls.no-answer-timeout", "60s");
    private static final Duration RING_DELAY = Duration.ofMillis(10);

    private final Vertx vertx;
    private final FakeAriClient ari = new FakeAriClient();
    private final SimulatedTelegram telegram;
    private final ContextPool contexts;
    private final int waitSeconds;
    private SimpleMeterRegistry registry;
    private Gateway gateway;

    private FlowRig(int waitSeconds) throws Exception {
        this.waitSeconds = waitSeconds;
        vertx = Vertx.vertx();
        try {
            DatagramSocket fakeAsteriskRtp = await(vertx.createDatagramSocket().listen(0, "127.0.0.1"));
            ari.rtpPort = fakeAsteriskRtp.localAddress().port();
            telegram = new SimulatedTelegram(vertx, RING_DELAY);
            await(telegram.start());
            contexts = await(ContextPool.create(vertx, 2));
        } catch (Exception | Error e) {
            close(); // a half-started rig leaves no Vert.x threads behind
            throw e;
        }
    }

    /** A rig whose waits give up after 5 s. */
    static FlowRig start() throws Exception {
        return new FlowRig(5);
    }

    /** A rig whose waits give up after {@code waitSeconds}, for tests whose calls take longer to come up. */
    static FlowRig start(int waitSeconds) throws Exception {
        return new FlowRig(waitSeconds);
    }

    /** A gateway on the simulated Telegram line, instance "t", from the base keys overridden by {@code keys}. */
    Gateway gateway(Map<String, String> keys) {
        return gateway(telegram, keys);
    }

    /** A gateway on {@code line}, instance "t", from the base keys overridden by {@code keys}. */
    Gateway gateway(TelegramLine line, Map<String, String> keys) {
        return gateway(line, keys, "t");
    }

    /**
     * A gateway on {@code line} naming its resources after {@code instance}, with a fresh metrics registry; it
     * becomes the one {@link #registry()}, {@link #outcomes} and the waits look at.
     */
    Gateway gateway(TelegramLine line, Map<String, String> keys, String instance) {
        Map<String, String> all = new HashMap<>(BASE_KEYS);
        all.putAll(keys);
        registry = new SimpleMeterRegistry();
        gateway = new Gateway(vertx, ari, line, ConfigLoader.fromMap(all), new GatewayMetrics(registry), contexts,
                ResourceIds.withInstance(instance));
        return gateway;
    }

    Vertx vertx() { return vertx; }
    FakeAriClient ari() { return ari; }
    SimulatedTelegram telegram() { return telegram; }
    ContextPool contexts() { return contexts; }
    SimpleMeterRegistry registry() { return registry; }

    /** The one call the last gateway has, as its /calls entry; fails if it has none or several. */
    Map<String, Object> onlyCall() {
        var calls = gateway.describeCalls();
        assertThat(calls).hasSize(1);
        return calls.getFirst();
    }

    /** How many calls the last gateway counted in {@code meter} with outcome {@code tag}. */
    double outcomes(String meter, String tag) {
        var c = registry.find(meter).tag("outcome", tag).counter();
        return c == null ? 0 : c.count();
    }

    /** Whatever was queued on the first call's context before this has run (calls start on the first loop). */
    void awaitCallContextIdle() throws Exception {
        var done = new CompletableFuture<Void>();
        contexts.clocks().getFirst().context().runOnContext(v -> done.complete(null));
        done.get(5, TimeUnit.SECONDS);
    }

    void awaitNoCalls() throws InterruptedException {
        awaitTrue("no calls active", () -> gateway.activeCalls() == 0);
    }

    void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        awaitTrue(what, condition, waitSeconds);
    }

    void awaitTrue(String what, BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what + "; calls: " + (gateway == null ? "no gateway" : gateway.describeCalls()));
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() throws Exception {
        await(vertx.close());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
