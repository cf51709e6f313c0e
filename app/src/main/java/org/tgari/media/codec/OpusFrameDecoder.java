package org.tgari.media.codec;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusPacketInfo;

/**
 * One Opus decoder (Concentus) for one received stream, with the two repairs Opus offers for a lost
 * packet: in-band FEC from the next packet, or packet loss concealment. Not thread-safe.
 */
public final class OpusFrameDecoder {

    private final OpusDecoder decoder;
    private final int sampleRate;

    public OpusFrameDecoder(int sampleRate) {
        this.sampleRate = sampleRate;
        try {
            decoder = new OpusDecoder(sampleRate, 1);
        } catch (OpusException e) {
            throw new IllegalArgumentException("Opus cannot decode at " + sampleRate + " Hz: " + e.getMessage(), e);
        }
    }

    /** Decodes a packet; returns the samples written, or -1 when the packet is invalid. */
    public int decode(byte[] pkt, int off, int len, short[] out, int outOff, int maxSamples) {
        try {
            return decoder.decode(pkt, off, len, out, outOff, maxSamples, false);
        } catch (OpusException | RuntimeException e) {
            return -1;
        }
    }

    /** Recovers {@code lostSamples} of a lost packet from the FEC data in the next one; -1 if it has none usable. */
    public int decodeFec(byte[] nextPkt, int off, int len, short[] out, int outOff, int lostSamples) {
        try {
            return decoder.decode(nextPkt, off, len, out, outOff, lostSamples, true);
        } catch (OpusException | RuntimeException e) {
            return -1;
        }
    }

    /** Synthesises {@code samples} of plausible audio for a gap (PLC). */
    public int conceal(short[] out, int outOff, int samples) {
        try {
            return decoder.decode(null, 0, 0, out, outOff, samples, false);
        } catch (OpusException | RuntimeException e) {
            java.util.Arrays.fill(out, outOff, outOff + samples, (short) 0);
            return samples;
        }
    }

    /** Samples a packet decodes to at {@code sampleRate}, or -1 if the packet is not valid Opus. */
    public static int packetSamples(byte[] pkt, int off, int len, int sampleRate) {
        if (pkt == null || len < 1) return -1;
        try {
            int n = OpusPacketInfo.getNumSamples(pkt, off, len, sampleRate);
            return n > 0 && n <= sampleRate * 120 / 1000 ? n : -1;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    public int sampleRate() {
        return sampleRate;
    }
}
