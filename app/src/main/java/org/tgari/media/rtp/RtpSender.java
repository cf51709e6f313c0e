package org.tgari.media.rtp;

/** The sending state of one RTP stream: SSRC, payload type, next sequence number and timestamp. */
public final class RtpSender {

    private final long ssrc;
    private final int payloadType;
    private int sequence;
    private long timestamp;

    public RtpSender(long ssrc, int payloadType, int initialSeq, long initialTs) {
        this.ssrc = ssrc & 0xFFFFFFFFL;
        this.payloadType = payloadType;
        this.sequence = initialSeq & 0xFFFF;
        this.timestamp = initialTs & 0xFFFFFFFFL;
    }

    /**
     * Writes the header of the next packet and advances: the packet carries the current timestamp,
     * the next one {@code timestampStep} later. Returns the header length (12).
     */
    public int writeHeader(byte[] out, int off, int timestampStep, boolean marker) {
        int n = RtpPacket.writeHeader(out, off, payloadType, marker, sequence, timestamp, ssrc);
        sequence = (sequence + 1) & 0xFFFF;
        timestamp = (timestamp + timestampStep) & 0xFFFFFFFFL;
        return n;
    }

    public long ssrc() { return ssrc; }

    public int nextSequence() { return sequence; }

    public long nextTimestamp() { return timestamp; }
}
