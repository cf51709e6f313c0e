package org.tgari.voip.ice;

import java.net.InetAddress;

/** What a {@link CandidateBase} tells its agent; called on the agent's context. */
interface BaseEvents {
    /** A datagram for the agent: STUN, or DTLS/SRTP for a validated pair. {@code buf} is valid during the call only. */
    void datagram(CandidateBase base, RemoteAddress from, byte[] buf, int off, int len);

    /** The base has a candidate to signal. */
    void localCandidate(IceCandidate candidate);

    /** A datagram that cannot be genuine (a malformed reflector envelope). */
    void rejected();

    /** A datagram the base could not send (no socket yet, no route to that remote). */
    void dropped();

    /** The base gave up and will relay nothing (a TURN allocation failed). */
    void transportFailed(CandidateBase base, String reason);

    /** A TURN base's server now relays to and from {@code peer}: checks dropped for it may go now. */
    void permitted(CandidateBase base, InetAddress peer);
}
