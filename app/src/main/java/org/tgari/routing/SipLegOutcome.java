package org.tgari.routing;

import java.util.Locale;

/**
 * How the SIP side of a Telegram → SIP call ended before it answered, read from the Q.850 cause
 * Asterisk hangs the originated channel up with ({@code ChannelDestroyed.cause}, {@code HANGUPCAUSE}).
 * The outcome is for the log and the metrics only: a Telegram call not yet accepted can only be
 * discarded, and TDLib's {@code discardCall} takes no reason and ignores {@code is_disconnected} while
 * an incoming call is pending (its CallActor sets the reason to declined, which goes to the server as
 * {@code phoneCallDiscardReasonBusy}), so the Telegram caller's app reads every one of these as
 * "declined"/"busy" (docs/causes.md).
 */
public enum SipLegOutcome {
    ANSWERED(false, "the SIP side answered"),
    BUSY(true, "the SIP side is busy"),
    NO_ANSWER(true, "the SIP side did not answer"),
    DECLINED(true, "the SIP side rejected the call"),
    NOT_FOUND(true, "no such extension in the context"),
    UNAVAILABLE(true, "the SIP phone is not reachable (not registered, out of order)"),
    CONGESTION(true, "Asterisk could not place the call (congestion, no channel)"),
    FAILED(true, "the SIP side failed");

    /** The Q.850 cause tgari hangs a ringing SIP side up with when the Telegram caller gives up: normal clearing, so the phone sees a CANCEL. */
    public static final int CALLER_GAVE_UP_CAUSE = 16;

    private final boolean discards;
    private final String description;

    SipLegOutcome(boolean discards, String description) {
        this.discards = discards;
        this.description = description;
    }

    /**
     * The outcome of an unanswered SIP side that ended with {@code q850Cause}. Cause 16 before an
     * answer is a dialplan that hung up without dialling anyone: declined.
     */
    public static SipLegOutcome fromCause(int q850Cause) {
        return switch (q850Cause) {
            case 17 -> BUSY;
            case 18, 19 -> NO_ANSWER;
            case 16, 21 -> DECLINED;
            case 1, 3, 22, 28 -> NOT_FOUND;
            case 20, 27 -> UNAVAILABLE;
            case 34, 38, 41, 42, 44, 47, 58 -> CONGESTION;
            default -> FAILED;
        };
    }

    /** Whether the Telegram call is discarded (declined) for this outcome; only an answer accepts it. */
    public boolean discards() { return discards; }

    public String description() { return description; }

    /** The metric tag. */
    public String tag() { return name().toLowerCase(Locale.ROOT); }
}
