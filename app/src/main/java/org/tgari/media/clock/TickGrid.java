package org.tgari.media.clock;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A common time grid for the periodic work of an event loop (media ticks, socket polls). Timers whose
 * deadlines fall on the same grid points fire in one wake-up of the loop instead of one each, which
 * matters where waking a thread is the dearest part of moving a packet (virtual machines).
 */
public final class TickGrid {

    /**
     * The grid's step: one media frame. The media clock ticks, the engines' sockets are polled and their
     * timers fire on multiples of it, so all of them share one wake-up of the loop per step.
     */
    public static final long STEP_MS = 20;
    public static final long STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(STEP_MS);

    private TickGrid() {}

    /** Runs {@code task} on {@code loop} every {@code periodNanos} (a multiple of the step), at multiples of the period. */
    public static ScheduledFuture<?> schedule(EventExecutor loop, long periodNanos, Runnable task) {
        return loop.scheduleAtFixedRate(task, delayToPointAfter(1, periodNanos), periodNanos, TimeUnit.NANOSECONDS);
    }

    /** Nanoseconds from now to the first multiple of {@code gridNanos} (on {@link System#nanoTime}'s scale) at least {@code delayNanos} away. */
    static long delayToPointAfter(long delayNanos, long gridNanos) {
        return delayToPointAfter(System.nanoTime(), delayNanos, gridNanos);
    }

    static long delayToPointAfter(long nowNanos, long delayNanos, long gridNanos) {
        long past = Math.floorMod(nowNanos + delayNanos, gridNanos);
        return past == 0 ? delayNanos : delayNanos + gridNanos - past;
    }
}
