package org.tgari.voip.stun;

/** Outcome of parsing one datagram as STUN: a message, or the reason it was refused. */
public sealed interface StunParseResult {

    /** A well-formed message (FINGERPRINT, if present, already verified). */
    record Parsed(StunMessage message) implements StunParseResult {}

    /** Not STUN, or malformed; {@code reason} is for logs and counters. */
    record Rejected(String reason) implements StunParseResult {}
}
