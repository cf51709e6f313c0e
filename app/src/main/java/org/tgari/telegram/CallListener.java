package org.tgari.telegram;

import org.tgari.routing.CallOutcome;

/** What the Telegram side reports about one outgoing call; exactly one of accepted-then-ended or ended. */
public interface CallListener {
    void ringing();

    /** Telegram's own id for the call, once known (TDLib's answer to createCall): logs name it next to ours. */
    default void identified(String telegramCallId) { }

    /** The gateway's id for this call, so that the line's engine names it in its log lines; empty: none. */
    default String gatewayCallId() {
        return "";
    }

    /** The peer answered; {@code voice} carries the call's audio until the call ends. */
    void accepted(VoiceChannel voice);

    /** The call is over; after this no other callback comes. */
    void ended(CallOutcome outcome, String detail);
}
