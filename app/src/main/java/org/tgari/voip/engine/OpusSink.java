package org.tgari.voip.engine;

/** Receives the peer's Opus packets; called on the engine's event loop, one packet at a time. */
@FunctionalInterface
public interface OpusSink {
    /** {@code buf} is only valid during the call. RTP timestamps run at 48 kHz (RFC 7587). */
    void opus(int sequence, long rtpTimestamp, byte[] buf, int off, int len);
}
