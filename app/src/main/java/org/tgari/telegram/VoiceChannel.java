package org.tgari.telegram;

/**
 * The audio of one connected Telegram call as Opus packets: the seam between the gateway's media
 * pipeline and whatever carries the packets (the tgcalls engine, or plain RTP to a simulated peer).
 */
public interface VoiceChannel extends AutoCloseable {

    /** Receives Opus packets from the peer; called on the channel's own thread, one packet at a time. */
    @FunctionalInterface
    interface OpusSink {
        /** {@code buf} is only valid during the call. RTP timestamps run at 48 kHz (RFC 7587). */
        void opus(int sequence, long rtpTimestamp, byte[] buf, int off, int len);
    }

    /** Starts delivering the peer's packets to {@code sink}. */
    void start(OpusSink sink);

    /** Sends one Opus packet covering {@code samples48k} samples at the 48 kHz RTP clock. */
    void sendOpus(byte[] buf, int off, int len, int samples48k);

    /** Packet counters of this channel. */
    VoiceStats stats();

    /**
     * Completes (on any thread) once the media path to Telegram is up, fails when it cannot come up: a
     * caller answered before it would lose what they say meanwhile.
     */
    java.util.concurrent.CompletableFuture<Void> mediaUp();

    @Override
    void close();
}
