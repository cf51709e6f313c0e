package org.tgari.media.codec;

/** Encoder settings for one Opus stream. */
public record OpusSettings(int bitrate, int complexity, boolean inbandFec, int packetLossPercent, boolean dtx) {

    /** 24 kbit/s, complexity 5, in-band FEC planned for 10 % loss, no DTX. */
    public static OpusSettings defaults() {
        return new OpusSettings(24000, 5, true, 10, false);
    }
}
