package org.tgari.voip.signaling;

/** Time and one-shot timers for a channel, injected so tests drive time themselves. */
public interface SignalingTimers {

    /** Runs {@code task} once after {@code delayMs}; the returned handle cancels it. */
    Runnable schedule(long delayMs, Runnable task);

    long nowMs();
}
