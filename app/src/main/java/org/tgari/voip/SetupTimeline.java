package org.tgari.voip;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * When each step of one call's set-up first happened, in milliseconds since the call began: signaling,
 * ICE checks, DTLS flights, SRTP. Set-up time is what a caller hears as silence, and the steps tell
 * where it went (a slow peer, a check pace, a DTLS retransmission) without a packet capture. Only the
 * first occurrence of a step counts; marks after {@link #finish()} are ignored. Thread-safe: DTLS
 * marks its steps from its own thread.
 */
public final class SetupTimeline {

    /** A timeline that records nothing, for engines built without one. */
    public static SetupTimeline none() {
        return new SetupTimeline(() -> 0L, 0);
    }

    private final LongSupplier nanoClock;
    private final String[] steps;
    private final long[] atNanos;
    private long beganNanos;
    private int count;
    private boolean finished;

    public SetupTimeline() {
        this(System::nanoTime, 24);
    }

    SetupTimeline(LongSupplier nanoClock, int capacity) {
        this.nanoClock = nanoClock;
        this.steps = new String[capacity];
        this.atNanos = new long[capacity];
        this.beganNanos = nanoClock.getAsLong();
    }

    /** The call begins now: later marks count from here. */
    public synchronized void begin() {
        beganNanos = nanoClock.getAsLong();
        count = 0;
        finished = false;
    }

    /** Step {@code step} happened now, unless it happened before. */
    public synchronized void mark(String step) {
        if (finished || count == steps.length) return;
        for (int i = 0; i < count; i++) if (steps[i].equals(step)) return;
        steps[count] = step;
        atNanos[count++] = nanoClock.getAsLong();
    }

    /** Ends the timeline (the call connected or failed); later marks are ignored. */
    public synchronized void finish() {
        finished = true;
    }

    /** Milliseconds from the beginning to {@code step}, or -1 if it has not happened. */
    public synchronized long millisTo(String step) {
        for (int i = 0; i < count; i++) if (steps[i].equals(step)) return TimeUnit.NANOSECONDS.toMillis(atNanos[i] - beganNanos);
        return -1;
    }

    /** The steps in the order they happened, as {@code step +N ms}, comma-separated. */
    @Override
    public synchronized String toString() {
        var s = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) s.append(", ");
            s.append(steps[i]).append(" +").append(TimeUnit.NANOSECONDS.toMillis(atNanos[i] - beganNanos));
        }
        return s.toString();
    }
}
