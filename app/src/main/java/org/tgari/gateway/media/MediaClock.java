package org.tgari.gateway.media;

import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * One 20 ms tick per event-loop context for all the calls pinned to it: a timer per call would wake
 * the loop once per call per tick, this wakes it once. Registration and ticks happen on the context.
 */
public final class MediaClock {

    public static final int TICK_MS = 20;

    private final Context context;
    private final List<Runnable> ticks = new ArrayList<>();
    private final List<Runnable> snapshot = new ArrayList<>();
    private long timer = -1;

    public MediaClock(Context context) {
        this.context = context;
    }

    public Context context() {
        return context;
    }

    /** Adds a tick; call on the clock's context. The timer starts with the first tick. */
    public void register(Runnable tick) {
        ticks.add(tick);
        if (timer < 0) timer = context.owner().setPeriodic(TICK_MS, id -> fire());
    }

    /** Removes a tick; the timer stops with the last. */
    public void unregister(Runnable tick) {
        ticks.remove(tick);
        if (ticks.isEmpty() && timer >= 0) {
            context.owner().cancelTimer(timer);
            timer = -1;
        }
    }

    private void fire() {
        // a tick may unregister itself (or another) while we iterate
        snapshot.clear();
        snapshot.addAll(ticks);
        for (Runnable r : snapshot) r.run();
    }

    public int size() {
        return ticks.size();
    }
}
