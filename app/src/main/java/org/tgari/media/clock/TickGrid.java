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

    private TickGrid() {}

    /** Runs {@code task} on {@code loop} every {@code periodNanos}, at the grid's points. */
    public static ScheduledFuture<?> schedule(EventExecutor loop, long periodNanos, Runnable task) {
        return loop.scheduleAtFixedRate(task, delayToNextPoint(periodNanos), periodNanos, TimeUnit.NANOSECONDS);
    }

    /** Nanoseconds from now to the first multiple of {@code gridNanos} at least {@code delayNanos} away. */
    static long delayToPointAfter(long delayNanos, long gridNanos) {
        return delayToPointAfter(System.nanoTime(), delayNanos, gridNanos);
    }

    static long delayToPointAfter(long nowNanos, long delayNanos, long gridNanos) {
        long past = Math.floorMod(nowNanos + delayNanos, gridNanos);
        return past == 0 ? delayNanos : delayNanos + gridNanos - past;
    }

    /** Nanoseconds from now to the next multiple of {@code periodNanos} on {@link System#nanoTime}'s scale. */
    static long delayToNextPoint(long periodNanos) {
        long d = periodNanos - Math.floorMod(System.nanoTime(), periodNanos);
        return d == 0 ? periodNanos : d;
    }
}
