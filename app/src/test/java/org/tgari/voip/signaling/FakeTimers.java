package org.tgari.voip.signaling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Deterministic {@link SignalingTimers}: tasks run only when the test advances time or asks for them. */
final class FakeTimers implements SignalingTimers {
    private static final class Task {
        final long due;
        final long order;
        final long delay;
        final Runnable body;
        boolean cancelled;

        Task(long due, long order, long delay, Runnable body) {
            this.due = due;
            this.order = order;
            this.delay = delay;
            this.body = body;
        }
    }

    private final List<Task> tasks = new ArrayList<>();
    private long now;
    private long order;

    FakeTimers(long startMs) {
        this.now = startMs;
    }

    @Override
    public Runnable schedule(long delayMs, Runnable task) {
        Task t = new Task(now + delayMs, order++, delayMs, task);
        tasks.add(t);
        return () -> t.cancelled = true;
    }

    @Override
    public long nowMs() {
        return now;
    }

    /** Moves the clock (never backwards) without running anything. */
    void setNow(long ms) {
        now = Math.max(now, ms);
    }

    /** Runs every task due up to {@code ms} in due order, moving the clock along. */
    void advanceTo(long ms) {
        while (true) {
            Optional<Task> next = live().filter(t -> t.due <= ms).min(Comparator.comparingLong((Task t) -> t.due)
                    .thenComparingLong(t -> t.order));
            if (next.isEmpty()) {
                break;
            }
            now = Math.max(now, next.get().due);
            run(next.get());
        }
        now = Math.max(now, ms);
    }

    void advanceBy(long ms) {
        advanceTo(now + ms);
    }

    /** Runs the oldest pending zero-delay task ("posted task"); false if there is none. */
    boolean runOnePosted() {
        Optional<Task> next = live().filter(t -> t.delay == 0).min(Comparator.comparingLong(t -> t.order));
        next.ifPresent(this::run);
        return next.isPresent();
    }

    /** Runs posted tasks, including ones they post, until none is left. */
    void runAllPosted() {
        while (runOnePosted()) {
            // keep draining
        }
    }

    long pendingCount() {
        return live().count();
    }

    private java.util.stream.Stream<Task> live() {
        return tasks.stream().filter(t -> !t.cancelled);
    }

    private void run(Task t) {
        tasks.remove(t);
        t.body.run();
    }
}
