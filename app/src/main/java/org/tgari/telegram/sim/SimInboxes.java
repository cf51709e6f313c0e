package org.tgari.telegram.sim;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The texts the line sent to each simulated user, so that tests and the demo can see them: the latest
 * {@link #PER_USER} per user, of the latest {@link #USERS} users written to. Thread-safe.
 */
public final class SimInboxes {

    public static final int PER_USER = 100;
    public static final int USERS = 1000;

    private final Map<Long, ArrayDeque<String>> byUser = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ArrayDeque<String>> eldest) {
            return size() > USERS;
        }
    };

    synchronized void add(long userId, String text) {
        ArrayDeque<String> texts = byUser.computeIfAbsent(userId, id -> new ArrayDeque<>());
        if (texts.size() == PER_USER) texts.removeFirst();
        texts.addLast(text);
    }

    /** What the line sent to {@code userId}, oldest first (empty when nothing). */
    public synchronized List<String> of(long userId) {
        ArrayDeque<String> texts = byUser.get(userId);
        return texts == null ? List.of() : List.copyOf(texts);
    }
}
