package org.tgari.gateway;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of event-loop contexts that calls are spread over, round-robin, so per-frame work of
 * many calls uses every core while each call stays on one thread.
 */
public final class ContextPool {

    private final List<Context> contexts;
    private final AtomicInteger next = new AtomicInteger();

    private ContextPool(List<Context> contexts) {
        this.contexts = List.copyOf(contexts);
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

    public Context next() {
        return contexts.get(Math.floorMod(next.getAndIncrement(), contexts.size()));
    }
}
