package org.tgari.gateway;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.tgari.gateway.media.MediaClock;

/**
 * A fixed set of event-loop contexts that calls are spread over, round-robin, so per-frame work of
 * many calls uses every core while each call stays on one thread; each context has one media clock.
 */
public final class ContextPool {

    private final List<MediaClock> clocks;
    private final AtomicInteger next = new AtomicInteger();

    private ContextPool(List<Context> contexts) {
        this.clocks = contexts.stream().map(MediaClock::new).toList();
    }

    /** Deploys {@code size} empty verticles, each on its own event loop, and keeps their contexts. */
    public static Future<ContextPool> create(Vertx vertx, int size) {
        List<Context> found = new ArrayList<>();
        List<Future<String>> deployments = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            deployments.add(vertx.deployVerticle(new VerticleBase() {
                @Override
                public Future<?> start() {
                    synchronized (found) {
                        found.add(context);
                    }
                    return Future.succeededFuture();
                }
            }));
        }
        return Future.all(deployments).map(cf -> new ContextPool(found));
    }

    /** The next context, as its media clock ({@link MediaClock#context()}). */
    public MediaClock next() {
        return clocks.get(Math.floorMod(next.getAndIncrement(), clocks.size()));
    }
}
