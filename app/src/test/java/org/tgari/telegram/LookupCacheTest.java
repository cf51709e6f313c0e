package org.tgari.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.tgari.routing.CallOutcome;
import org.tgari.routing.Target;

class LookupCacheTest {

    private final AtomicLong now = new AtomicLong(1_000);

    private static Lookup found(long id) {
        return new Lookup.Found(new TelegramUser(id, "u" + id));
    }

    @Test
    void theLeastRecentlyUsedEntryLeavesFirst() {
        var cache = new LookupCache(2, Duration.ofMinutes(1), now::get);
        cache.put(new Target.UserId(1), found(1));
        cache.put(new Target.UserId(2), found(2));
        assertThat(cache.get(new Target.UserId(1))).isEqualTo(found(1)); // 1 is now the most recent
        cache.put(new Target.UserId(3), found(3));
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(new Target.UserId(2))).isNull();
        assertThat(cache.get(new Target.UserId(1))).isEqualTo(found(1));
        assertThat(cache.get(new Target.UserId(3))).isEqualTo(found(3));
    }

    @Test
    void entriesExpire() {
        var cache = new LookupCache(10, Duration.ofSeconds(30), now::get);
        cache.put(new Target.Username("ann"), found(1));
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThat(cache.get(new Target.Username("ann"))).isNotNull();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(cache.get(new Target.Username("ann"))).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void onlyLastingAnswersAreKept() {
        var cache = new LookupCache(10, Duration.ofMinutes(1), now::get);
        cache.put(new Target.UserId(1), new Lookup.Failed(CallOutcome.NOT_FOUND, "x"));
        cache.put(new Target.UserId(2), new Lookup.Failed(CallOutcome.NOT_A_USER, "x"));
        cache.put(new Target.UserId(3), new Lookup.Failed(CallOutcome.FLOOD_WAIT, "x"));
        cache.put(new Target.UserId(4), new Lookup.Failed(CallOutcome.TELEGRAM_UNAVAILABLE, "x"));
        cache.put(new Target.UserId(5), new Lookup.Failed(CallOutcome.INTERNAL_ERROR, "x"));
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void sizeZeroDisablesTheCache() {
        var cache = new LookupCache(0, Duration.ofMinutes(1), now::get);
        cache.put(new Target.UserId(1), found(1));
        assertThat(cache.get(new Target.UserId(1))).isNull();
    }
}
