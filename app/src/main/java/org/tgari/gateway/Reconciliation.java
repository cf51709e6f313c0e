package org.tgari.gateway;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tgari.ari.AriClient;
import org.tgari.ari.AriEvent;

/**
 * Releases what Asterisk still holds for our Stasis application that no call of this process owns:
 * the callers, ExternalMedia channels and bridges of a tgari that was killed (Asterisk keeps them, the
 * callers silent, until someone hangs up). Runs on every (re)connect of the events websocket.
 *
 * <p>The snapshot (GET /applications/{app}, GET /bridges) races with events: a channel that entered
 * Stasis just after we connected is listed before its StasisStart has made it a call. So the decision
 * waits for a user event that we send to our own application after the snapshot: Asterisk writes
 * events of one application to its websocket in order, so once that event arrives every StasisStart
 * that preceded the snapshot has been dispatched, and "not owned" then really means stray.
 */
final class Reconciliation {

    /** Which ids live calls of this process hold; asked on the events context. */
    interface Owners {
        boolean ownsChannel(String channelId);

        boolean ownsBridge(String bridgeId);
    }

    static final String BARRIER_EVENT = "TgariReconcile";
    /** Q.850 34: the caller sees 503 before answer, a BYE after: the call ended, not "declined". */
    static final int STRAY_CAUSE = 34;

    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);

    private final AriClient ari;
    private final String app;
    private final Owners owners;
    private final AtomicReference<Pending> pending = new AtomicReference<>();

    private record Pending(String token, Set<String> channels, Set<String> bridges) {}

    Reconciliation(AriClient ari, String app, Owners owners) {
        this.ari = ari;
        this.app = app;
        this.owners = owners;
    }

    /** Takes the snapshot and sends the barrier; the decision follows in {@link #onUserEvent}. */
    void connected() {
        String token = UUID.randomUUID().toString();
        var appInfo = ari.application(app);
        var bridges = ari.bridges();
        CompletableFuture.allOf(appInfo, bridges).thenCompose(v -> {
            Set<String> channels = new LinkedHashSet<>();
            Set<String> ourBridges = new LinkedHashSet<>();
            Optional<AriClient.Application> a = appInfo.join();
            a.ifPresent(info -> channels.addAll(info.channelIds()));
            a.ifPresent(info -> info.bridgeIds().stream().filter(ResourceIds::isOurs).forEach(ourBridges::add));
            // An empty bridge is subscribed by nobody, so the app does not list it; its name says whose it is.
            bridges.join().stream().filter(b -> ResourceIds.isOurs(b.id()) && app.equals(b.name())).forEach(b -> ourBridges.add(b.id()));
            pending.set(new Pending(token, channels, ourBridges));
            return ari.userEvent(BARRIER_EVENT, app, Map.of("token", token));
        }).whenComplete((v, err) -> {
            if (err != null) {
                pending.set(null);
                log.warn("reconcile of Stasis app '{}' skipped: {}", app, err.getMessage());
            }
        });
    }

    /** True when the event was our barrier (consumed here); must run on the events context. */
    boolean onUserEvent(AriEvent.UserEvent event) {
        if (!BARRIER_EVENT.equals(event.name())) return false;
        Pending p = pending.get();
        if (p == null || !p.token().equals(event.variables().get("token")) || !pending.compareAndSet(p, null)) return true;
        reap(p);
        return true;
    }

    private void reap(Pending p) {
        List<String> channels = p.channels().stream().filter(c -> !owners.ownsChannel(c)).toList();
        List<String> bridges = p.bridges().stream().filter(b -> !owners.ownsBridge(b)).toList();
        if (channels.isEmpty() && bridges.isEmpty()) {
            log.info("reconcile of Stasis app '{}': nothing left behind", app);
            return;
        }
        List<CompletableFuture<Void>> work = new ArrayList<>();
        for (String c : channels) {
            log.warn("reconcile: hanging up channel {} (in Stasis app '{}', no call of this process owns it) with cause {}",
                    c, app, STRAY_CAUSE);
            work.add(report(ari.hangup(c, STRAY_CAUSE), "hang up channel " + c));
        }
        for (String b : bridges) {
            log.warn("reconcile: destroying bridge {} (created for Stasis app '{}', no call of this process owns it)", b, app);
            work.add(report(ari.destroyBridge(b), "destroy bridge " + b));
        }
        CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).whenComplete((v, err) ->
                log.info("reconcile of Stasis app '{}': released {} channel(s) and {} bridge(s) left behind", app, channels.size(), bridges.size()));
    }

    private static CompletableFuture<Void> report(CompletableFuture<Void> f, String what) {
        return f.exceptionally(t -> {
            log.warn("reconcile: could not {}: {}", what, t.getMessage());
            return null;
        });
    }
}
