package org.tgari.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Supplier;

/**
 * The admin HTTP endpoints: {@code GET /health} (200 only when ARI is connected, our Stasis app was not
 * taken over by another instance and Telegram is ready, else 503 with the reason, "DRAINING" while a drain lets the
 * last calls finish), {@code GET /metrics} (Prometheus text), {@code GET /calls} and {@code POST /drain}.
 *
 * <p>{@code /health} and {@code /metrics} are open, as probes and scrapers expect. What shows who calls whom
 * ({@code /calls}) or changes what the gateway does answers only a request carrying the configured token
 * ({@code Authorization: Bearer <http.token>}); with no token configured it answers nobody (401).
 */
public final class AdminServer implements AutoCloseable {

    /** The parts health depends on. */
    public record HealthStatus(boolean ariConnected, boolean replaced, boolean telegramReady, String telegramReason, String asteriskVersion,
                               String mediaTransport, boolean draining, int activeCalls) {
        boolean healthy() { return ariConnected && !replaced && telegramReady && !draining; }
    }

    private final Vertx vertx;
    private final PrometheusMeterRegistry registry;
    private final Supplier<HealthStatus> health;
    private final Supplier<? extends java.util.concurrent.CompletionStage<JsonArray>> calls;
    private final Runnable drain;
    private final byte[] token;
    private HttpServer server;
    private SimulatedCallers simulatedCallers;
    private SimulatedWriters simulatedWriters;
    /** What Telegram allows in one message; a longer simulated text is refused, as Telegram would. */
    private static final int MAX_TEXT = 4096;

    /** Makes a simulated Telegram user call the line (demo and tests); throws IllegalArgumentException for an unknown user. */
    @FunctionalInterface
    public interface SimulatedCallers {
        void callLine(long fromUserId);
    }

    /** Makes a simulated Telegram user write a private message to the line; throws IllegalArgumentException for an unknown user. */
    @FunctionalInterface
    public interface SimulatedWriters {
        void writeLine(long fromUserId, String text);
    }

    /**
     * Offers {@code POST /sim/write-line?from=<user id>&text=<text>} (guarded like {@code /calls}): the demo's
     * way to name an extension to a line in ask mode. Call before {@link #start}.
     */
    public AdminServer withSimulatedWriters(SimulatedWriters writers) {
        this.simulatedWriters = writers;
        return this;
    }

    /**
     * Offers {@code POST /sim/call-line?from=<user id>} (guarded like {@code /calls}): only a line on the
     * simulated Telegram network has callers to offer. Call before {@link #start}.
     */
    public AdminServer withSimulatedCallers(SimulatedCallers callers) {
        this.simulatedCallers = callers;
        return this;
    }

    /** {@code token}: what a request to a guarded endpoint must bear; empty: guarded endpoints answer nobody. */
    public AdminServer(Vertx vertx, PrometheusMeterRegistry registry, Supplier<HealthStatus> health,
                       Supplier<? extends java.util.concurrent.CompletionStage<JsonArray>> calls,
                       Runnable drain, String token) {
        this.vertx = vertx;
        this.registry = registry;
        this.health = health;
        this.calls = calls;
        this.drain = drain;
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    public Future<Integer> start(String host, int port) {
        Router router = Router.router(vertx);
        // HEAD too: load balancers and monitoring probes ask /health that way
        router.route("/health").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> {
            HealthStatus h = health.get();
            var body = new JsonObject()
                    .put("status", h.healthy() ? "UP" : h.draining() ? "DRAINING" : "DOWN")
                    .put("ari", h.replaced() ? "replaced by another instance" : h.ariConnected() ? "connected" : "not connected")
                    .put("telegram", h.telegramReady() ? "ready" : h.telegramReason())
                    .put("asteriskVersion", h.asteriskVersion())
                    .put("mediaTransport", h.mediaTransport())
                    .put("activeCalls", h.activeCalls());
            if (!h.healthy()) {
                body.put("reason", h.draining() ? "draining: new calls are refused (503), " + h.activeCalls() + " call(s) in progress"
                        : h.replaced() ? "replaced by another instance: the Stasis app is served by another tgari now"
                        : !h.ariConnected() ? "ARI events websocket is not connected" : "Telegram: " + h.telegramReason());
            }
            var response = ctx.response().setStatusCode(h.healthy() ? 200 : 503).putHeader("content-type", "application/json");
            // HEAD: the status line is the answer, and a body would be read as the next response
            if (ctx.request().method() == HttpMethod.HEAD) response.end();
            else response.end(body.encode());
        });
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                .end(registry.scrape()));
        // Answers at once; the drain goes on in the background and ends with the process exiting.
        router.post("/drain").handler(guarded(ctx -> {
            drain.run();
            ctx.response().setStatusCode(202).putHeader("content-type", "application/json")
                    .end(new JsonObject().put("status", "draining").put("activeCalls", health.get().activeCalls()).encode());
        }));
        // the calls describe themselves on their own contexts; the answer goes out on the request's
        router.get("/calls").handler(guarded(ctx -> io.vertx.core.Future.fromCompletionStage(calls.get(), vertx.getOrCreateContext())
                .onSuccess(arr -> ctx.response().putHeader("content-type", "application/json").end(arr.encode()))
                .onFailure(ctx::fail)));
        if (simulatedCallers != null) router.post("/sim/call-line").handler(guarded(this::simulatedCall));
        if (simulatedWriters != null) router.post("/sim/write-line").handler(guarded(this::simulatedText));
        return vertx.createHttpServer().requestHandler(router).listen(port, host).<Integer>map(s -> {
            server = s;
            return s.actualPort();
        }).recover(e -> Future.failedFuture(new IllegalStateException(
                "the admin server cannot listen on " + host + ":" + port + " (http.host / http.port): " + e.getMessage(), e)));
    }

    private void simulatedCall(RoutingContext ctx) {
        var response = ctx.response().putHeader("content-type", "application/json");
        Long id = simulatedUser(ctx);
        if (id == null) return;
        try {
            simulatedCallers.callLine(id);
        } catch (IllegalArgumentException e) {
            response.setStatusCode(404).end(new JsonObject().put("error", e.getMessage()).encode());
            return;
        }
        response.setStatusCode(202).end(new JsonObject().put("status", "calling").put("from", id).encode());
    }

    private void simulatedText(RoutingContext ctx) {
        var response = ctx.response().putHeader("content-type", "application/json");
        Long id = simulatedUser(ctx);
        if (id == null) return;
        String text = ctx.request().getParam("text");
        if (text == null || text.isBlank() || text.length() > MAX_TEXT) {
            response.setStatusCode(400).end(new JsonObject().put("error", "text=<1-" + MAX_TEXT + " characters> is needed, e.g. text=100").encode());
            return;
        }
        try {
            simulatedWriters.writeLine(id, text);
        } catch (IllegalArgumentException e) {
            response.setStatusCode(404).end(new JsonObject().put("error", e.getMessage()).encode());
            return;
        }
        response.setStatusCode(202).end(new JsonObject().put("status", "written").put("from", id).encode());
    }

    /** The {@code from} parameter, or null after answering 400. */
    private static Long simulatedUser(RoutingContext ctx) {
        String from = ctx.request().getParam("from");
        try {
            return Long.parseLong(from == null ? "" : from);
        } catch (NumberFormatException e) {
            ctx.response().putHeader("content-type", "application/json").setStatusCode(400)
                    .end(new JsonObject().put("error", "from=<simulated user id> is needed, e.g. from=1001").encode());
            return null;
        }
    }

    private Handler<RoutingContext> guarded(Handler<RoutingContext> handler) {
        return ctx -> {
            if (bearsToken(ctx.request().getHeader("Authorization"))) {
                handler.handle(ctx);
                return;
            }
            String why = token.length == 0 ? "no http.token is configured, so " + ctx.request().path() + " answers nobody"
                    : "a bearer token is needed (Authorization: Bearer <http.token>)";
            ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"tgari\"")
                    .putHeader("content-type", "application/json").end(new JsonObject().put("error", why).encode());
        };
    }

    private boolean bearsToken(String authorization) {
        if (token.length == 0 || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
        // constant time: how much of a guess was right must not show in how long the answer takes
        return MessageDigest.isEqual(authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8), token);
    }

    @Override
    public void close() {
        if (server != null) server.close();
    }
}
