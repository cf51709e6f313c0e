package org.tgari.voip.turn;

import java.time.Duration;

/**
 * Timers of a TURN client. Permissions last 300 s and channels 600 s on the server (RFC 8656 §9, §12),
 * so the defaults renew them a minute early; tests shorten everything to watch renewals happen.
 *
 * @param rto first retransmission timeout of a request; it doubles per attempt up to 3 s
 * @param maxAttempts transmissions of one request before it times out
 * @param lifetimeSeconds the allocation lifetime we ask for
 * @param refreshLead how long before the allocation expires we refresh it
 */
public record TurnTiming(Duration rto, int maxAttempts, long lifetimeSeconds, Duration refreshLead, Duration permissionRefresh,
                         Duration channelRefresh, Duration housekeeping) {
    public TurnTiming {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts >= 1");
        if (lifetimeSeconds < 1) throw new IllegalArgumentException("lifetime >= 1 s");
    }

    public static TurnTiming defaults() {
        return new TurnTiming(Duration.ofMillis(250), 7, 600, Duration.ofSeconds(60), Duration.ofSeconds(240), Duration.ofSeconds(540),
                Duration.ofSeconds(1));
    }
}
