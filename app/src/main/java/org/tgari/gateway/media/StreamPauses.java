package org.tgari.gateway.media;

/**
 * When the packets of one stream arrived, as much as a call's end line needs to say whether and when
 * the stream stopped: its longest pause and how long it has been quiet. A call that went silent leaves
 * only that line behind, and the packet counts alone cannot tell a stream that stopped from one that
 * thinned out. Times are {@link System#nanoTime()} values passed in; not thread-safe.
 */
final class StreamPauses {

    private long lastNanos;
    private boolean any;
    private long longestNanos;

    /** A packet arrived at {@code nowNanos}. */
    void arrived(long nowNanos) {
        if (any) longestNanos = Math.max(longestNanos, nowNanos - lastNanos);
        lastNanos = nowNanos;
        any = true;
    }

    /** How long the stream has been quiet at {@code nowNanos}, in ms; 0 before its first packet. */
    long quietMs(long nowNanos) {
        return any ? Math.max(0, nowNanos - lastNanos) / 1_000_000 : 0;
    }

    /** The longest pause between packets, or the quiet to {@code nowNanos} if that is longer, in ms. */
    long longestMs(long nowNanos) {
        return Math.max(longestNanos / 1_000_000, quietMs(nowNanos));
    }
}
