package org.tgari.routing;

/**
 * How a call attempt toward Telegram ended, with the Q.850 cause tgari hangs the Asterisk channel up
 * with and the SIP response chan_pjsip turns that cause into (its hangup_cause2sip table).
 */
public enum CallOutcome {
    ANSWERED(16, 200, "answered"),
    CANCELLED(16, 487, "the caller hung up before the answer"),
    NOT_FOUND(1, 404, "no such Telegram user"),
    NOT_A_USER(1, 404, "the name belongs to a group or channel, not a user"),
    INVALID_TARGET(28, 484, "the dialled string names nobody"),
    BUSY(17, 486, "the Telegram user is busy"),
    DECLINED(21, 403, "the Telegram user declined"),
    PRIVACY_RESTRICTED(21, 403, "the Telegram user's privacy settings forbid the call"),
    NO_ANSWER(19, 480, "no answer before the timeout"),
    INCOMPATIBLE(58, 488, "the Telegram user's app cannot take a call of the protocol tgari speaks"),
    GROUP_CALL(29, 501, "the Telegram user turned the call into a group call, which tgari does not carry"),
    FLOOD_WAIT(34, 503, "Telegram asks to wait before calling again"),
    TELEGRAM_UNAVAILABLE(34, 503, "the Telegram line is not ready"),
    SHUT_DOWN(34, 503, "tgari stopped (shut down or replaced) before the call was answered"),
    INTERNAL_ERROR(38, 500, "internal error");

    private final int q850Cause;
    private final int sipCode;
    private final String description;

    CallOutcome(int q850Cause, int sipCode, String description) {
        this.q850Cause = q850Cause;
        this.sipCode = sipCode;
        this.description = description;
    }

    /** The cause passed to ARI's hangup as {@code reason_code}. */
    public int q850Cause() { return q850Cause; }

    /** The SIP final response a PJSIP caller receives when the channel was not answered. */
    public int sipCode() { return sipCode; }

    public String description() { return description; }

    /** The metrics tag. */
    public String tag() { return name().toLowerCase(java.util.Locale.ROOT); }
}
