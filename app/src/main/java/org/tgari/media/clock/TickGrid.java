package org.tgari.media.clock;

/**
 * A common time grid for the periodic work of an event loop (media ticks, socket polls). Timers whose
 * deadlines fall on the same grid points fire in one wake-up of the loop instead of one each, which
 * matters where waking a thread is the dearest part of moving a packet (virtual machines).
 */
public final class TickGrid {

    private TickGrid() {}

    /** Nanoseconds from now to the next multiple of {@code periodNanos} on {@link System#nanoTime}'s scale. */
    public static long delayToNextPoint(long periodNanos) {
        long d = periodNanos - Math.floorMod(System.nanoTime(), periodNanos);
        return d == 0 ? periodNanos : d;
    }
}
