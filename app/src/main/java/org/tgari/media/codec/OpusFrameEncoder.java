package org.tgari.media.codec;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusSignal;

/**
 * One Opus encoder (Concentus) for one direction of one call, 20 ms mono frames at the leg's rate:
 * 8 or 16 kHz where the SIP side is narrow- or wideband, which costs less than 48 kHz and needs no
 * resampler. Not thread-safe.
 */
public final class OpusFrameEncoder {

    private final OpusEncoder encoder;
    private final int frameSamples;

    public OpusFrameEncoder(int sampleRate, OpusSettings s) {
        try {
            encoder = new OpusEncoder(sampleRate, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        } catch (OpusException e) {
            throw new IllegalArgumentException("Opus cannot encode at " + sampleRate + " Hz: " + e.getMessage(), e);
        }
        encoder.setBitrate(s.bitrate());
        encoder.setComplexity(s.complexity());
        encoder.setUseInbandFEC(s.inbandFec());
        encoder.setPacketLossPercent(s.packetLossPercent());
        encoder.setUseDTX(s.dtx());
        encoder.setSignalType(OpusSignal.OPUS_SIGNAL_VOICE);
        this.frameSamples = sampleRate / 50;
    }

    public int frameSamples() {
        return frameSamples;
    }

    /** Encodes one 20 ms frame; returns the packet length, or -1 when the encoder refused the frame. */
    public int encode(short[] pcm, int off, byte[] out, int outOff, int maxBytes) {
        try {
            return encoder.encode(pcm, off, frameSamples, out, outOff, maxBytes);
        } catch (OpusException | RuntimeException e) {
            // Concentus has rare internal asserts on odd input; one lost frame is better than a dead call.
            return -1;
        }
    }

    public void reset() {
        encoder.resetState();
    }
}
