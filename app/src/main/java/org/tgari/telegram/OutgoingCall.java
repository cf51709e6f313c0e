package org.tgari.telegram;

/** Handle on a call the gateway placed; hanging up is idempotent. */
public interface OutgoingCall {
    /** Ends the call from our side (discard while ringing, hang up once connected). */
    void hangup();
}
