package org.tgari.gateway;

import io.vertx.core.Vertx;

/**
 * One timer of a call's dialogue (the IVR's entry, ask mode, DTMF batching), set at a deadline of the
 * monotonic millisecond clock the routing state machines count in ({@link #nowMs}). Setting it again
 * replaces the previous one. Used on the call's context, where the timer fires too.
 */
final class DeadlineTimer {

    private final Vertx vertx;
    private long timer = -1;

    DeadlineTimer(Vertx vertx) {
        this.vertx = vertx;
    }

    /** The clock of deadlines: milliseconds of {@link System#nanoTime}. */
    static long nowMs() {
        return System.nanoTime() / 1_000_000;
    }

    /** Runs {@code action} at {@code atMs} instead of what was set before; {@link Long#MAX_VALUE} only cancels. */
    void at(long atMs, Runnable action) {
        cancel();
        if (atMs == Long.MAX_VALUE) return;
        timer = vertx.setTimer(Math.max(1, atMs - nowMs()), t -> {
            timer = -1;
            action.run();
        });
    }

    void cancel() {
        if (timer >= 0) vertx.cancelTimer(timer);
        timer = -1;
    }
}
