package org.tgari.gateway.media;

import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.tgari.media.clock.TickGrid;

/**
 * One 20 ms tick per event-loop context for all the calls pinned to it: a timer per call would wake
 * the loop once per call per tick, this wakes it once. Ticks fall on the {@link TickGrid}, where the
 * call engines' socket polls fall too, so a tick shares its wake-up with a poll. Registration and ticks
 * happen on the context.
 */
public final class MediaClock {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MediaClock.class);

    public static final int TICK_MS = (int) TickGrid.STEP_MS;

    private final Context context;
    private final List<Runnable> ticks = new ArrayList<>();
    private final List<Runnable> snapshot = new ArrayList<>();
    private ScheduledFuture<?> timer;
    private final AtomicInteger calls = new AtomicInteger();

    public MediaClock(Context context) {
        this.context = context;
    }

    public Context context() {
        return context;
    }

    /** Adds a tick; call on the clock's context. The timer starts with the first tick. */
    public void register(Runnable tick) {
        ticks.add(tick);
        if (timer == null) {
            var ctx = (ContextInternal) context;
            timer = TickGrid.schedule(ctx.nettyEventLoop(), TickGrid.STEP_NANOS, () -> ctx.emit(v -> fire()));
        }
    }

    /** Removes a tick; the timer stops with the last. */
    public void unregister(Runnable tick) {
        ticks.remove(tick);
        if (ticks.isEmpty() && timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void fire() {
        // a tick may unregister itself (or another) while we iterate
        snapshot.clear();
        snapshot.addAll(ticks);
        for (Runnable r : snapshot) {
            try {
                r.run();
            } catch (RuntimeException e) {
                // one broken tick must not silence the other calls of this loop (a call's own tick logs with its name)
                log.error("a media tick failed: {}", e.toString(), e);
            }
        }
    }

    public int size() {
        return ticks.size();
    }

    /** Calls placed on this clock's context and not yet ended (any thread). */
    public int calls() {
        return calls.get();
    }

    /** A call is placed here ({@link org.tgari.gateway.ContextPool#next}); it must {@link #release} once it ends. */
    public void claim() {
        calls.incrementAndGet();
    }

    public void release() {
        calls.decrementAndGet();
    }
}
