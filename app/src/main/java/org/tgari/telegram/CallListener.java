package org.tgari.telegram;

import org.tgari.routing.CallOutcome;

/** What the Telegram side reports about one outgoing call; exactly one of accepted-then-ended or ended. */
public interface CallListener {
    void ringing();

    /** The peer answered; {@code voice} carries the call's audio until the call ends. */
    void accepted(VoiceChannel voice);

    /** The call is over; after this no other callback comes. */
    void ended(CallOutcome outcome, String detail);
}
