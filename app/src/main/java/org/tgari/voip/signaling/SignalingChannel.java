package org.tgari.voip.signaling;

import java.util.function.Consumer;

/**
 * One call's encrypted signaling channel: JSON messages in, opaque blobs out (for TDLib's
 * sendCallSignalingData), and the reverse. Bad input is dropped and counted, never thrown. Not
 * thread-safe: use it on one thread or context.
 */
public interface SignalingChannel extends AutoCloseable {

    static SignalingChannel create(SignalingVersion v, byte[] key256, boolean isOutgoing, SignalingTimers timers,
                                   Consumer<byte[]> blobOut, Consumer<SignalingMessage> messageIn, SignalingStats stats) {
        var cipher = new SignalingCipher(key256, isOutgoing, true);
        return switch (v) {
            case V7_0_0 -> new RawSignalingChannel(cipher, blobOut, messageIn, stats);
            case V8_0_0 -> new ReliableSignalingChannel(cipher, timers, blobOut, messageIn, stats);
        };
    }

    void send(SignalingMessage m);

    void receive(byte[] blob);

    @Override
    void close();
}
