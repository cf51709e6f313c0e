package org.tgari.voip.signaling;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one or more signaling channels; written on the channel's thread, readable from any thread (metrics).
 * Every received blob ends in exactly one of: accepted, badSize, badMsgKey, replayed, malformed, droppedClosed.
 */
public final class SignalingStats {
    private final AtomicLong blobsIn = new AtomicLong();
    private final AtomicLong blobsOut = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong badSize = new AtomicLong();
    private final AtomicLong badMsgKey = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong droppedClosed = new AtomicLong();
    private final AtomicLong messagesIn = new AtomicLong();
    private final AtomicLong messagesOut = new AtomicLong();
    private final AtomicLong duplicateMessages = new AtomicLong();
    private final AtomicLong unknownMessages = new AtomicLong();
    private final AtomicLong invalidMessages = new AtomicLong();
    private final AtomicLong resends = new AtomicLong();
    private final AtomicLong acksSent = new AtomicLong();
    private final AtomicLong acksReceived = new AtomicLong();
    private final AtomicLong sendRejected = new AtomicLong();

    /** Blobs handed to {@code receive}. */
    public long blobsIn() { return blobsIn.get(); }
    /** Blobs emitted through {@code blobOut}. */
    public long blobsOut() { return blobsOut.get(); }
    /** Received blobs that authenticated, parsed and were not replays. */
    public long accepted() { return accepted.get(); }
    /** Received blobs shorter than 21 or longer than 128 KiB. */
    public long badSize() { return badSize.get(); }
    /** Received blobs whose msg_key did not match (wrong key, wrong direction or tampering). */
    public long badMsgKey() { return badMsgKey.get(); }
    /** Authenticated blobs whose packet counter was already seen or is too old. */
    public long replayed() { return replayed.get(); }
    /** Authenticated blobs with a broken record layout. */
    public long malformed() { return malformed.get(); }
    /** Blobs received after {@code close()}. */
    public long droppedClosed() { return droppedClosed.get(); }
    /** JSON messages delivered to the consumer. */
    public long messagesIn() { return messagesIn.get(); }
    /** JSON messages accepted by {@code send}. */
    public long messagesOut() { return messagesOut.get(); }
    /** Re-sent message records that had been delivered already (V2). */
    public long duplicateMessages() { return duplicateMessages.get(); }
    /** Well-formed JSON with an unknown {@code "@type"}. */
    public long unknownMessages() { return unknownMessages.get(); }
    /** Message payloads that are not valid JSON, fail gunzip, or miss required fields. */
    public long invalidMessages() { return invalidMessages.get(); }
    /** Message records carried again after their first transmission (V2). */
    public long resends() { return resends.get(); }
    /** Ack records emitted (V2). */
    public long acksSent() { return acksSent.get(); }
    /** Ack records received (V2), including repeated ones. */
    public long acksReceived() { return acksReceived.get(); }
    /** Messages {@code send} refused: too large, too many unacked, counter exhausted, or channel closed. */
    public long sendRejected() { return sendRejected.get(); }

    void countBlobIn() { blobsIn.incrementAndGet(); }
    void countBlobOut() { blobsOut.incrementAndGet(); }
    void countAccepted() { accepted.incrementAndGet(); }
    void countBadSize() { badSize.incrementAndGet(); }
    void countBadMsgKey() { badMsgKey.incrementAndGet(); }
    void countReplayed() { replayed.incrementAndGet(); }
    void countMalformed() { malformed.incrementAndGet(); }
    void countDroppedClosed() { droppedClosed.incrementAndGet(); }
    void countMessageIn() { messagesIn.incrementAndGet(); }
    void countMessageOut() { messagesOut.incrementAndGet(); }
    void countDuplicateMessage() { duplicateMessages.incrementAndGet(); }
    void countUnknownMessage() { unknownMessages.incrementAndGet(); }
    void countInvalidMessage() { invalidMessages.incrementAndGet(); }
    void countResend() { resends.incrementAndGet(); }
    void countAckSent() { acksSent.incrementAndGet(); }
    void countAckReceived() { acksReceived.incrementAndGet(); }
    void countSendRejected() { sendRejected.incrementAndGet(); }

    @Override
    public String toString() {
        return "SignalingStats{in=" + blobsIn() + ", out=" + blobsOut() + ", accepted=" + accepted()
                + ", badSize=" + badSize() + ", badMsgKey=" + badMsgKey() + ", replayed=" + replayed()
                + ", malformed=" + malformed() + ", droppedClosed=" + droppedClosed()
                + ", messagesIn=" + messagesIn() + ", messagesOut=" + messagesOut()
                + ", duplicates=" + duplicateMessages() + ", unknown=" + unknownMessages()
                + ", invalid=" + invalidMessages() + ", resends=" + resends() + ", acksSent=" + acksSent()
                + ", acksReceived=" + acksReceived() + ", sendRejected=" + sendRejected() + '}';
    }
}
