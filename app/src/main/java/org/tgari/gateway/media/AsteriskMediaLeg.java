package org.tgari.gateway.media;

import io.vertx.core.Future;
import org.tgari.ari.AriClient.ExternalMediaChannel;
import org.tgari.ari.AriClient.ExternalMediaRequest;

/**
 * The Asterisk half of a call's audio: one ExternalMedia channel carrying 20 ms PCM frames both ways.
 * Implementations differ by transport (RTP with a static payload type, or chan_websocket). All methods
 * run on the call's context.
 */
public interface AsteriskMediaLeg extends AutoCloseable {

    /** Receives one 20 ms frame of PCM from Asterisk; {@code sequence} orders frames for the jitter buffer. */
    @FunctionalInterface
    interface PcmSink {
        void frame(int sequence, short[] pcm, int off);
    }

    /** 8000 or 16000: the rate of the frames in both directions. */
    int sampleRate();

    default int frameSamples() { return sampleRate() / 50; }

    /** Prepares local resources (sockets) and says how Asterisk must create the ExternalMedia channel. */
    Future<ExternalMediaRequest> prepare(String app, String channelId);

    /** Connects to the channel Asterisk created (learns its RTP port, or opens the media websocket). */
    Future<Void> attach(ExternalMediaChannel channel, PcmSink sink);

    /** Sends one 20 ms frame toward Asterisk. */
    void send(short[] pcm, int off);

    LegStats stats();

    @Override
    void close();

    /** Transport counters of one leg. */
    /** {@code foreignIn}: packets from anyone but the Asterisk channel's own address, dropped. */
    record LegStats(long packetsIn, long packetsOut, long malformedIn, long foreignIn, long droppedOut) {}
}
