package org.tgari.voip.signaling;

/**
 * Time source and one-shot scheduler of a signaling channel, injected so tests drive time explicitly.
 * Tasks must run on the channel's own thread/context; a delay of 0 means "after the current task", like a posted task.
 */
public interface SignalingTimers {
    /** Schedules a one-shot task; the returned handle cancels it (a no-op once it ran). */
    Runnable schedule(long delayMs, Runnable task);

    /** Monotonic milliseconds. */
    long nowMs();
}
