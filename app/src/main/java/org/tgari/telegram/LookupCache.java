package org.tgari.telegram;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.tgari.routing.CallOutcome;
import org.tgari.routing.Target;

/**
 * Recent lookups of one line, bounded in size (least recently used out first) and in age. Caches what
 * will not change from one call to the next (found, not found, not a user); never transient failures
 * such as flood waits or an unready line, which must be asked again.
 */
public final class LookupCache {

    private record Cached(Lookup lookup, long expiresAtNanos) {}

    private final int capacity;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final LinkedHashMap<Target, Cached> entries;
    private long hits;
    private long misses;

    public LookupCache(int capacity, Duration ttl) {
        this(capacity, ttl, System::nanoTime);
    }

    public LookupCache(int capacity, Duration ttl, LongSupplier nanoClock) {
        if (capacity < 0) throw new IllegalArgumentException("capacity < 0");
        this.capacity = capacity;
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Target, Cached> eldest) {
                return size() > LookupCache.this.capacity;
            }
        };
    }

    /** The cached answer for {@code target}, or null when there is none or it is too old. */
    public synchronized Lookup get(Target target) {
        Cached e = entries.get(target);
        if (e == null || nanoClock.getAsLong() - e.expiresAtNanos() >= 0) {
            if (e != null) entries.remove(target);
            misses++;
            return null;
        }
        hits++;
        return e.lookup();
    }

    /** Remembers {@code lookup} when it is worth remembering. */
    public synchronized void put(Target target, Lookup lookup) {
        if (capacity == 0 || ttlNanos <= 0 || !cacheable(lookup)) return;
        entries.put(target, new Cached(lookup, nanoClock.getAsLong() + ttlNanos));
    }

    static boolean cacheable(Lookup lookup) {
        return switch (lookup) {
            case Lookup.Found f -> true;
            case Lookup.Failed f -> f.outcome() == CallOutcome.NOT_FOUND || f.outcome() == CallOutcome.NOT_A_USER;
        };
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }
}
