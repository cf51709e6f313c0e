package org.tgari.it.harness;

/** How a SIP call attempt by {@link SipPhone} ended up. */
public sealed interface CallResult {

    /** The far end rings (baresip's CALL_RINGING or CALL_PROGRESS: a 180 or 183 arrived). */
    record Ringing() implements CallResult {
    }

    /** The call was answered (baresip's CALL_ESTABLISHED). */
    record Established() implements CallResult {
    }

    /**
     * The call ended (baresip's CALL_CLOSED). {@code sipCode} is the final SIP status when the far end
     * rejected the call (e.g. 404), or 0 when it ended otherwise (BYE, local hangup); {@code reason} is baresip's text.
     */
    record Closed(int sipCode, String reason) implements CallResult {
    }

    /** Nothing decisive happened before the deadline. */
    record Timeout() implements CallResult {
    }
}
