package org.tgari.gateway;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tgari.routing.ChatText;

/**
 * The private messages Telegram users sent a line while no call of theirs was up, kept for
 * {@code keepMs} so that ask mode can take an extension written just before the call. Bounded in
 * users and in texts per user, because anyone can write to a line; the oldest go first. Thread-safe.
 */
final class RecentTexts {

    private static final int MAX_USERS = 1000;
    private static final int MAX_TEXTS_PER_USER = 5;

    private final long keepMs;
    private final Map<Long, Deque<ChatText>> byUser = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Deque<ChatText>> eldest) {
            return size() > MAX_USERS;
        }
    };

    RecentTexts(long keepMs) {
        this.keepMs = keepMs;
    }

    synchronized void add(long userId, String text, long nowMs) {
        Deque<ChatText> texts = byUser.computeIfAbsent(userId, k -> new ArrayDeque<>());
        texts.addLast(new ChatText(nowMs, text));
        while (texts.size() > MAX_TEXTS_PER_USER) texts.removeFirst();
    }

    /** The user's texts of the last {@code keepMs}, oldest first; they are handed out once. */
    synchronized List<ChatText> take(long userId, long nowMs) {
        Deque<ChatText> texts = byUser.remove(userId);
        if (texts == null) return List.of();
        List<ChatText> out = new ArrayList<>(texts.size());
        for (ChatText t : texts) if (nowMs - t.atMs() <= keepMs) out.add(t);
        return List.copyOf(out);
    }
}
