package org.tgari.runtime;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tgari.ari.AriClient;
import org.tgari.ari.AriEvent;
import org.tgari.ari.AriEventSocket;
import org.tgari.config.GatewayConfig;

/**
 * One tgari per Stasis application. Asterisk lets a second websocket register an application name
 * that is in use and silently moves every new call there ("Replacing Stasis app"), so the first
 * instance would stay healthy and idle. At start we ask whether a live tgari serves the app; while
 * running we answer that question for others and notice when we were replaced anyway.
 *
 * <p>GET /applications/{app} alone cannot tell: an app stays listed, inactive, while a crashed tgari's
 * channels are still subscribed to it. So a starting instance sends the app a user event (ping) asking for
 * an answer on a probe application of its own; only a process holding the app's websocket can answer.
 */
public final class AppOwnership implements AriEventSocket.Listener {

    static final String PING = "TgariOwnerPing";
    static final String PONG = "TgariOwnerPong";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    private static final Logger log = LoggerFactory.getLogger(AppOwnership.class);

    private final AriClient ari;
    private final String app;
    private final String instance;
    private final AriEventSocket.Listener delegate;
    private final Runnable onReplaced;
    private volatile boolean replaced;

    /** Thrown at start when a live tgari serves the app and take-over was not asked for. */
    public static final class AppInUseException extends Exception {
        AppInUseException(String message) {
            super(message);
        }
    }

    AppOwnership(AriClient ari, String app, String instance, AriEventSocket.Listener delegate, Runnable onReplaced) {
        this.ari = ari;
        this.app = app;
        this.instance = instance;
        this.delegate = delegate;
        this.onReplaced = onReplaced;
    }

    /** Whether another websocket took our application over. */
    public boolean replaced() {
        return replaced;
    }

    @Override
    public void connected() {
        delegate.connected();
    }

    @Override
    public void disconnected(String reason) {
        delegate.disconnected(reason);
    }

    @Override
    public void event(AriEvent event) {
        switch (event) {
            case AriEvent.UserEvent u when PING.equals(u.name()) -> answer(u);
            case AriEvent.ApplicationReplaced r when app.equals(r.application()) -> {
                replaced = true;
                log.error("Stasis app '{}' was replaced by another instance (one started with ari.take-over=true, or a program "
                        + "that registered the same app name); this instance ({}) no longer receives its calls and stops serving it",
                        app, instance);
                onReplaced.run();
            }
            default -> delegate.event(event);
        }
    }

    private void answer(AriEvent.UserEvent ping) {
        String replyTo = ping.variables().get("reply_to");
        if (replyTo == null || replyTo.isBlank()) return;
        log.info("another process asks who serves Stasis app '{}': answering as instance {}", app, instance);
        ari.userEvent(PONG, replyTo, Map.of("instance", instance)).whenComplete((v, err) -> {
            if (err != null) log.warn("could not answer the ownership probe of {}: {}", replyTo, err.getMessage());
        });
    }

    /**
     * Refuses to start when a live tgari serves the app, unless {@code ari.take-over} is set. When ARI
     * does not answer, there is nobody to ask: start-up goes on and the events socket keeps trying.
     */
    static void checkAtStart(Vertx vertx, GatewayConfig.Ari cfg, AriClient ari, String instance) throws Exception {
        Optional<AriClient.Application> existing;
        try {
            existing = ari.application(cfg.app()).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("could not ask Asterisk whether Stasis app '{}' is in use ({}); starting anyway", cfg.app(), e.getMessage());
            return;
        }
        if (existing.isEmpty()) return;
        Optional<String> owner = liveOwner(vertx, cfg, ari, instance);
        if (owner.isEmpty()) {
            log.info("Stasis app '{}' is known to Asterisk but no live tgari answers for it (left by a process that ended); taking it",
                    cfg.app());
            return;
        }
        if (!cfg.takeOver()) {
            throw new AppInUseException("Stasis app '" + cfg.app() + "' on " + cfg.url() + " is already served by a live tgari (instance "
                    + owner.get() + "). Stop that one, give this one another app (ari.app, and the dialplan's Stasis() to match), "
                    + "or set ari.take-over=true to take the app over (its calls are ended).");
        }
        log.warn("taking Stasis app '{}' over from live tgari instance {} (ari.take-over=true): its calls will be ended", cfg.app(), owner.get());
    }

    private static Optional<String> liveOwner(Vertx vertx, GatewayConfig.Ari cfg, AriClient ari, String instance) throws InterruptedException {
        String probeApp = cfg.app() + "-probe-" + instance;
        CompletableFuture<String> pong = new CompletableFuture<>();
        var probe = new AriEventSocket(vertx, cfg.url(), cfg.user(), cfg.password(), probeApp, Duration.ofSeconds(1), new AriEventSocket.Listener() {
            @Override
            public void connected() {
                // 404: the app went away since we looked, so nobody serves it.
                ari.userEvent(PING, cfg.app(), Map.of("reply_to", probeApp)).whenComplete((v, err) -> {
                    if (err != null) pong.complete(null);
                });
            }

            @Override
            public void disconnected(String reason) {
            }

            @Override
            public void event(AriEvent event) {
                if (event instanceof AriEvent.UserEvent u && PONG.equals(u.name())) pong.complete(u.variables().getOrDefault("instance", "?"));
            }
        });
        probe.start();
        try {
            return Optional.ofNullable(pong.get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (java.util.concurrent.ExecutionException e) {
            return Optional.empty();
        } finally {
            probe.close();
        }
    }
}
