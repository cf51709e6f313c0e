package org.tgari.media.audio;

/** A phase-continuous sine tone, frame after frame. */
public final class ToneGenerator {

    private final double step;
    private final double amplitude;
    private double phase;

    public ToneGenerator(int sampleRate, double frequencyHz, double amplitudeDbfs) {
        this.step = 2 * Math.PI * frequencyHz / sampleRate;
        this.amplitude = 32767.0 * Math.pow(10, amplitudeDbfs / 20);
    }

    public void next(short[] out, int off, int n) {
        for (int i = 0; i < n; i++) {
            out[off + i] = (short) Math.round(amplitude * Math.sin(phase));
            phase += step;
            if (phase > 2 * Math.PI) phase -= 2 * Math.PI;
        }
    }
}
