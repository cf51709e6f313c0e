package org.tgari.routing;

import java.util.Locale;

/**
 * How the SIP side of a Telegram → SIP call ended before it answered, read from the Q.850 cause
 * Asterisk hangs the originated channel up with ({@code ChannelDestroyed.cause}, {@code HANGUPCAUSE}),
 * and how the Telegram call is ended for it. A Telegram call not yet accepted can only be discarded,
 * and TDLib's {@code discardCall} takes no reason: the caller's app is told "declined" (TDLib sends
 * the server its busy reason) for every outcome, unless {@code is_disconnected} is passed, which reads
 * as a lost connection. tgari passes it for its own failures and Asterisk's, so a caller can tell
 * "nobody took it" from "it broke".
 */
public enum SipLegOutcome {
    ANSWERED(TelegramDiscard.NONE, "the SIP side answered"),
    BUSY(TelegramDiscard.DECLINED, "the SIP side is busy"),
    NO_ANSWER(TelegramDiscard.DECLINED, "the SIP side did not answer"),
    DECLINED(TelegramDiscard.DECLINED, "the SIP side rejected the call"),
    NOT_FOUND(TelegramDiscard.DECLINED, "no such extension in the context"),
    UNAVAILABLE(TelegramDiscard.DECLINED, "the SIP phone is not reachable (not registered, out of order)"),
    CONGESTION(TelegramDiscard.DISCONNECTED, "Asterisk could not place the call (congestion, no channel)"),
    FAILED(TelegramDiscard.DISCONNECTED, "the SIP side failed");

    /** How the Telegram call is ended: not at all (answered), discarded, or discarded as disconnected. */
    public enum TelegramDiscard { NONE, DECLINED, DISCONNECTED }

    /** The Q.850 cause tgari hangs a ringing SIP side up with when the Telegram caller gives up: normal clearing, so the phone sees a CANCEL. */
    public static final int CALLER_GAVE_UP_CAUSE = 16;

    private final TelegramDiscard discard;
    private final String description;

    SipLegOutcome(TelegramDiscard discard, String description) {
        this.discard = discard;
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

    public TelegramDiscard discard() { return discard; }

    public String description() { return description; }

    /** The metric tag. */
    public String tag() { return name().toLowerCase(Locale.ROOT); }
}
