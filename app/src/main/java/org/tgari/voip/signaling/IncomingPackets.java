package org.tgari.voip.signaling;

import org.tgari.wire.Bytes;

/**
 * The checks every received signaling blob passes first, whatever the framing: size bounds, msg_key,
 * and the replay window on the packet's first counter. Counts each refusal in the stats.
 */
final class IncomingPackets {

    private final SignalingCipher cipher;
    private final SignalingStats stats;
    private final ReplayWindow replay = new ReplayWindow();

    IncomingPackets(SignalingCipher cipher, SignalingStats stats) {
        this.cipher = cipher;
        this.stats = stats;
    }

    /** The authenticated plaintext of a fresh packet, or null when it was refused. */
    byte[] open(byte[] blob) {
        stats.blobsIn++;
        if (blob == null || blob.length < SignalingCipher.MIN_PACKET || blob.length > SignalingCipher.MAX_INCOMING) {
            stats.badSize++;
            return null;
        }
        byte[] plain = cipher.decrypt(blob);
        if (plain == null) {
            stats.badMsgKey++;
            return null;
        }
        if (!replay.register(Bytes.u32(plain, 0) & Frames.COUNTER_MASK)) {
            stats.replayed++;
            return null;
        }
        return plain;
    }

    /** Registers a counter of an additional record (the framing's own dedup for non-acked records). */
    boolean register(long counter) {
        return replay.register(counter);
    }
}
