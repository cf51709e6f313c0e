package org.tgari.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * DTMF the SIP caller sends during a bridged call, gathered into chat messages for the Telegram user:
 * a digit within {@code gap} of the previous one joins its message, and a message goes out {@code gap}
 * after its last digit (or at once when it reaches {@code maxDigits}). Immutable; times in
 * milliseconds of any monotonic clock; the flow ticks at {@link #deadline}.
 */
public record DtmfBatcher(Duration gap, int maxDigits, String pending, long lastDigitMs) {

    public static final Duration DEFAULT_GAP = Duration.ofMillis(1500);

    /** The next state and the messages to send now, oldest first (at most two). */
    public record Step(DtmfBatcher next, List<String> messages) {
        public Step { messages = List.copyOf(messages); }
    }

    public static DtmfBatcher create() {
        return new DtmfBatcher(DEFAULT_GAP, 64, "", -1);
    }

    public DtmfBatcher {
        if (gap.isNegative() || gap.isZero()) throw new IllegalArgumentException("gap must be positive");
        if (maxDigits < 1) throw new IllegalArgumentException("maxDigits must be at least 1");
    }

    /** A digit from the SIP side ({@code 0-9 * # A-D}); anything else is ignored. */
    public Step digit(char d, long nowMs) {
        if (!(d >= '0' && d <= '9' || d == '*' || d == '#' || d >= 'A' && d <= 'D')) return new Step(this, List.of());
        // a tick that came late must not glue a digit to a message that was already due
        Step flushed = tick(nowMs);
        List<String> out = new ArrayList<>(flushed.messages);
        String text = flushed.next.pending + d;
        if (text.length() >= maxDigits) {
            out.add(text);
            return new Step(empty(), out);
        }
        return new Step(new DtmfBatcher(gap, maxDigits, text, nowMs), out);
    }

    public Step tick(long nowMs) {
        if (!pending.isEmpty() && nowMs - lastDigitMs >= gap.toMillis()) return new Step(empty(), List.of(pending));
        return new Step(this, List.of());
    }

    /** What is still pending, e.g. when the call ends. */
    public Step flush() {
        return pending.isEmpty() ? new Step(this, List.of()) : new Step(empty(), List.of(pending));
    }

    public long deadline() {
        return pending.isEmpty() ? Long.MAX_VALUE : lastDigitMs + gap.toMillis();
    }

    private DtmfBatcher empty() {
        return new DtmfBatcher(gap, maxDigits, "", -1);
    }
}
