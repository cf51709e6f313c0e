package org.tgari.runtime;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tgari.ari.Ari4jClient;
import org.tgari.ari.AriClient;
import org.tgari.ari.AriEventSocket;
import org.tgari.config.GatewayConfig;
import org.tgari.gateway.ContextPool;
import org.tgari.gateway.Gateway;
import org.tgari.gateway.GatewayMetrics;
import org.tgari.http.AdminServer;
import org.tgari.telegram.TelegramLine;
import org.tgari.telegram.sim.SimulatedTelegram;

/**
 * The composition root: builds Vert.x with metrics, the Telegram line, the ARI client and events
 * socket, the gateway and the admin server, and closes them in reverse order.
 */
public final class GatewayRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayRuntime.class);
    /** How long stopping waits for Asterisk to answer the calls' hang-ups and bridge destroys. */
    private static final long ASTERISK_CLEANUP_WAIT_MS = 5000;

    private final GatewayConfig config;
    private final PrometheusMeterRegistry registry;
    private final Vertx vertx;
    private final TelegramLine line;
    private final AriClient ari;
    private final Gateway gateway;
    private final AriEventSocket events;
    private final AppOwnership ownership;
    private final AdminServer admin;
    private final int httpPort;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean drainStarted = new AtomicBoolean();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    private GatewayRuntime(GatewayConfig config, TelegramLine line, Vertx vertx, PrometheusMeterRegistry registry) throws Exception {
        this.config = config;
        this.registry = registry;
        this.vertx = vertx;
        this.line = line;
        var ariCfg = config.ari();
        this.ari = new Ari4jClient(ariCfg.url().toString(), ariCfg.app(), ariCfg.user(), ariCfg.password());
        var ids = org.tgari.gateway.ResourceIds.random();
        // What start-up opened is closed when a later step fails (the caller closes the line and Vert.x).
        try {
            var metrics = new GatewayMetrics(registry);
            var contexts = ContextPool.create(vertx, Math.max(2, 2 * Runtime.getRuntime().availableProcessors()))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            this.gateway = new Gateway(vertx, ari, line, config, metrics, contexts, ids);
            AppOwnership.checkAtStart(vertx, ariCfg, ari, ids.instance());
            this.ownership = new AppOwnership(ari, ariCfg.app(), ids.instance(), gateway, this::replaced);
            this.events = new AriEventSocket(vertx, ariCfg.url(), ariCfg.user(), ariCfg.password(), ariCfg.app(), ariCfg.reconnectMax(), ownership);
            this.admin = new AdminServer(vertx, registry, this::health, this::calls, this::drainAndStop, config.http().token());
            if (line instanceof SimulatedTelegram sim) admin.withSimulatedCallers(sim::ringLine).withSimulatedWriters(sim::deliverText);
            this.httpPort = admin.start(config.http().host(), config.http().port())
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            ari.close();
            throw e;
        }
        events.start();
        log.info("tgari started: ARI {} app '{}' (instance {}), Telegram line '{}', admin http://{}:{}/health, {}",
                ariCfg.url(), ariCfg.app(), ids.instance(), line.name(), config.http().host(), httpPort, EventLoopTransport.describe(vertx));
    }

    /** Starts tgari with the given configuration; returns once the admin server listens. */
    public static GatewayRuntime start(GatewayConfig config) throws Exception {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx vertx = Vertx.builder()
                .with(EventLoopTransport.options().setMetricsOptions(new MicrometerMetricsOptions()
                        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
                        .setJvmMetricsEnabled(true)
                        .setEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        var engines = new org.tgari.voip.engine.EngineCensus();
        GatewayMetrics.countEngines(registry, engines);
        try {
            TelegramLine line = openLine(config, vertx, engines);
            try {
                return new GatewayRuntime(config, line, vertx, registry);
            } catch (Exception e) {
                line.close();
                throw e;
            }
        } catch (Exception e) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw e;
        }
    }

    private static TelegramLine openLine(GatewayConfig config, Vertx vertx, org.tgari.voip.engine.EngineCensus engines) throws Exception {
        return switch (config.telegram().mode()) {
            case SIMULATED -> {
                var sim = new SimulatedTelegram(vertx, simOptions(config.telegram().sim(), engines));
                try {
                    sim.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    sim.close();
                    throw e;
                }
                yield sim;
            }
            case TDLIB -> {
                // In the background: the gateway serves meanwhile, and only a call made in the first second
                // or so still meets a cold engine.
                org.tgari.voip.engine.EngineWarmUp.run(vertx, org.tgari.voip.dtls.DtlsCertificate.generateEcdsaP256(), 3);
                yield org.tgari.telegram.tdlib.TdLines.open(config.telegram(), vertx, config.media().bindHost(), engines);
            }
        };
    }

    // Called on the events context: stop reading (a reconnect would take the app back) and end our calls,
    // whose events now go to the other instance.
    private void replaced() {
        events.close();
        gateway.endAll("Stasis app '" + config.ari().app() + "' was replaced by another instance");
    }

    private AdminServer.HealthStatus health() {
        var state = line.state();
        return new AdminServer.HealthStatus(events.isConnected(), ownership.replaced(), state.ready(), state.reason(),
                gateway.asteriskVersion(), gateway.transport().name().toLowerCase(Locale.ROOT), gateway.draining(), gateway.activeCalls());
    }

    private java.util.concurrent.CompletionStage<JsonArray> calls() {
        return gateway.callDescriptions().thenApply(described -> {
            var arr = new JsonArray();
            described.forEach(m -> arr.add(new JsonObject(m)));
            return arr;
        });
    }

    public int httpPort() { return httpPort; }

    public Gateway gateway() { return gateway; }

    public TelegramLine line() { return line; }

    public boolean ariConnected() { return events.isConnected(); }

    public PrometheusMeterRegistry registry() { return registry; }

    public GatewayConfig config() { return config; }

    /**
     * A graceful stop (SIGTERM, {@code POST /drain}): new callers get 503 at once, the calls in progress may
     * go on for {@code calls.drain-timeout}, then whatever is left is ended with that reason and tgari
     * closes. Runs on a thread of its own; asking again changes nothing. The future is {@link #stopped()}.
     */
    public CompletableFuture<Void> drainAndStop() {
        if (drainStarted.compareAndSet(false, true)) Thread.ofPlatform().name("tgari-drain").start(this::drainThenClose);
        return stopped;
    }

    /** Completes once tgari has closed, by {@link #close()} or at the end of a drain. */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    private void drainThenClose() {
        var limit = config.calls().drainTimeout();
        log.info("drain requested: new calls get 503; {} call(s) in progress may go on for up to {} (calls.drain-timeout)",
                gateway.activeCalls(), limit);
        String why = "tgari is shutting down after a drain";
        try {
            gateway.drain().get(limit.toMillis(), TimeUnit.MILLISECONDS);
            log.info("drained: no call in progress; stopping");
        } catch (TimeoutException e) {
            why = "the drain's deadline passed (calls.drain-timeout " + limit + ")";
            log.warn("drain: {} call(s) still in progress after {} (calls.drain-timeout); ending them", gateway.activeCalls(), limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.warn("drain failed: {}", e.getCause().toString());
        }
        close(why);
    }

    /**
     * Stops in an order that lets every call end properly: the gateway refuses new callers and ends its
     * calls, Asterisk answers their hang-ups and the line's discards reach Telegram (each bounded), and
     * only then do the admin server, the events socket, Vert.x and the ARI client close under them.
     */
    @Override
    public void close() {
        close("tgari is shutting down");
    }

    private void close(String why) {
        if (!closing.compareAndSet(false, true)) {
            // a second closer (the JVM's shutdown hook during a drain's close) waits for the first, bounded
            try {
                stopped.get(2 * ASTERISK_CLEANUP_WAIT_MS + 15_000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.warn("the first close did not finish: {}", e.toString());
            }
            return;
        }
        log.info("tgari stopping: {}", why);
        try {
            gateway.shutDown(why).get(ASTERISK_CLEANUP_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("Asterisk did not answer the hang-ups of {} calls within {} ms; stopping anyway", gateway.activeCalls(), ASTERISK_CLEANUP_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.warn("ending the calls failed: {}", e.getCause().toString());
        }
        line.close(); // waits, bounded, for Telegram to answer the calls' discards
        admin.close();
        events.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Vert.x did not stop cleanly: {}", e.toString());
        }
        ari.close();
        registry.close();
        stopped.complete(null);
    }

    private static SimulatedTelegram.Options simOptions(GatewayConfig.Sim sim, org.tgari.voip.engine.EngineCensus engines) {
        return new SimulatedTelegram.Options(sim.ringDelay(), sim.reflectorHost(), sim.externalPeerCommand(),
                new SimulatedTelegram.PathImpairment(sim.lossPercent(), sim.delay(), sim.jitter(), sim.seed()), engines);
    }
}
