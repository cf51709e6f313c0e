package org.tgari.gateway;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.List;
import org.tgari.gateway.media.MediaClock;

/**
 * A fixed set of event-loop contexts that calls are placed on, each call staying on one thread; each
 * context has one media clock. Calls fill one loop up to {@code callsPerLoop} before the next is used
 * (then the least loaded): a loop that serves many calls per wake-up keeps its caches warm and costs
 * far less per packet than several loops each woken for a few (docs/benchmarks.md), while a busy
 * gateway still spreads over every core.
 */
public final class ContextPool {

    /** Calls per loop before the next loop is used: about half a core of codec and engine work. */
    public static final int DEFAULT_CALLS_PER_LOOP = 40;

    private final List<MediaClock> clocks;
    private final int callsPerLoop;

    private ContextPool(List<Context> contexts, int callsPerLoop) {
        this.clocks = contexts.stream().map(MediaClock::new).toList();
        this.callsPerLoop = callsPerLoop;
    }

    /** Deploys {@code size} empty verticles, each on its own event loop, and keeps their contexts. */
    public static Future<ContextPool> create(Vertx vertx, int size) {
        return create(vertx, size, DEFAULT_CALLS_PER_LOOP);
    }

    public static Future<ContextPool> create(Vertx vertx, int size, int callsPerLoop) {
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
        return Future.all(deployments).map(cf -> new ContextPool(found, Math.max(1, callsPerLoop)));
    }

    /**
     * The context for a new call, as its media clock ({@link MediaClock#context()}), already claimed:
     * the first loop below {@code callsPerLoop}, else the least loaded. The call releases it when it ends.
     */
    public synchronized MediaClock next() {
        MediaClock least = clocks.getFirst();
        for (MediaClock c : clocks) {
            if (c.calls() < callsPerLoop) {
                c.claim();
                return c;
            }
            if (c.calls() < least.calls()) least = c;
        }
        least.claim();
        return least;
    }

    /** Every context's media clock, in order (for measurements; calls are placed with {@link #next}). */
    public List<MediaClock> clocks() {
        return clocks;
    }

    /** Calls placed on each context now, in order. */
    public List<Integer> load() {
        return clocks.stream().map(MediaClock::calls).toList();
    }
}
