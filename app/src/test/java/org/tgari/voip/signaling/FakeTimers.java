package org.tgari.voip.signaling;

import java.util.ArrayList;
import java.util.List;

/** Timers driven by the test: {@link #advance} runs what falls due, in order. */
final class FakeTimers implements SignalingTimers {

    private record Task(long dueMs, Runnable task, boolean[] cancelled) {}

    private final List<Task> tasks = new ArrayList<>();
    private long now = 1_000_000;

    @Override
    public Runnable schedule(long delayMs, Runnable task) {
        boolean[] cancelled = {false};
        tasks.add(new Task(now + delayMs, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public long nowMs() {
        return now;
    }

    void advance(long ms) {
        long until = now + ms;
        while (true) {
            Task next = null;
            for (Task t : tasks) if (!t.cancelled()[0] && t.dueMs() <= until && (next == null || t.dueMs() < next.dueMs())) next = t;
            if (next == null) break;
            tasks.remove(next);
            now = next.dueMs();
            next.task().run();
        }
        now = until;
    }

    int pending() {
        return (int) tasks.stream().filter(t -> !t.cancelled()[0]).count();
    }
}
