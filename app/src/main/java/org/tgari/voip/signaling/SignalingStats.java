package org.tgari.voip.signaling;

/** Counters of one signaling channel; every blob received is counted once as accepted or by its fault. */
public final class SignalingStats {
    long blobsIn, accepted, blobsOut, messagesIn, messagesOut, badSize, badMsgKey, replayed, malformed, unknownMessages, resends, acksSent, tooLarge;

    public long blobsIn() { return blobsIn; }
    /** Blobs that decrypted and framed correctly (whatever messages they held). */
    public long accepted() { return accepted; }
    public long blobsOut() { return blobsOut; }
    public long messagesIn() { return messagesIn; }
    public long messagesOut() { return messagesOut; }
    public long badSize() { return badSize; }
    public long badMsgKey() { return badMsgKey; }
    public long replayed() { return replayed; }
    public long malformed() { return malformed; }
    public long unknownMessages() { return unknownMessages; }
    public long resends() { return resends; }
    public long acksSent() { return acksSent; }
    public long tooLarge() { return tooLarge; }

    @Override
    public String toString() {
        return "SignalingStats[in=" + blobsIn + " out=" + blobsOut + " msgsIn=" + messagesIn + " msgsOut=" + messagesOut + " badSize=" + badSize
                + " badMsgKey=" + badMsgKey + " replayed=" + replayed + " malformed=" + malformed + " unknown=" + unknownMessages
                + " resends=" + resends + " acks=" + acksSent + " tooLarge=" + tooLarge + "]";
    }
}
