package org.tgari.voip.signaling;

import java.util.Objects;
import java.util.function.Consumer;

/** One call's encrypted signaling channel: JSON messages in, opaque blobs out (and the reverse). Not thread-safe: use on one thread/context. */
public interface SignalingChannel extends AutoCloseable {

    /**
     * @param key256     the 256-byte call key ({@code callStateReady.encryption_key})
     * @param isOutgoing true on the caller's side
     * @param blobOut    receives every encrypted blob to pass to {@code sendCallSignalingData}
     * @param messageIn  receives every decoded peer message, in order
     */
    static SignalingChannel create(SignalingVersion v, byte[] key256, boolean isOutgoing, SignalingTimers timers,
                                   Consumer<byte[]> blobOut, Consumer<SignalingMessage> messageIn, SignalingStats stats) {
        Objects.requireNonNull(v, "version");
        Objects.requireNonNull(timers, "timers");
        Objects.requireNonNull(blobOut, "blobOut");
        Objects.requireNonNull(messageIn, "messageIn");
        Objects.requireNonNull(stats, "stats");
        SignalingCipher cipher = new SignalingCipher(key256, isOutgoing, SignalingCipher.Kind.SIGNALING);
        IncomingPayloads payloads = new IncomingPayloads(messageIn, stats);
        return switch (v) {
            case V7_0_0 -> new RawSignalingChannel(cipher, blobOut, payloads, stats);
            case V8_0_0 -> new AckedSignalingChannel(cipher, timers, blobOut, payloads, stats);
        };
    }

    /** Encodes JSON, frames, encrypts and emits blob(s) via blobOut; refusals are counted in stats. */
    void send(SignalingMessage m);

    /** Decrypts, dedups, acks, parses and delivers; bad input is dropped and counted in stats, never thrown. */
    void receive(byte[] blob);

    /** Cancels timers; later sends and receives are counted and ignored. */
    @Override
    void close();
}
