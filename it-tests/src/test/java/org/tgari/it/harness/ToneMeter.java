package org.tgari.it.harness;

/** Goertzel-based check of how much of a signal's energy sits at one frequency. */
public final class ToneMeter {

    private ToneMeter() {
    }

    /**
     * Fraction (0..1) of the energy of {@code samples[from..]} found at {@code frequency}, measured in
     * blocks of {@code block} samples so that slow level changes do not matter. A clean tone gives about 1,
     * silence or other frequencies about 0.
     */
    public static double fractionAt(short[] samples, int from, int sampleRate, double frequency, int block) {
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / sampleRate);
        double toneEnergy = 0;
        double totalEnergy = 0;
        for (int start = from; start + block <= samples.length; start += block) {
            double s1 = 0;
            double s2 = 0;
            double energy = 0;
            for (int i = start; i < start + block; i++) {
                double x = samples[i];
                double s0 = x + coefficient * s1 - s2;
                s2 = s1;
                s1 = s0;
                energy += x * x;
            }
            double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
            toneEnergy += 2 * power / block;
            totalEnergy += energy;
        }
        return totalEnergy == 0 ? 0 : Math.min(1, toneEnergy / totalEnergy);
    }

    /** Root-mean-square level of {@code samples[from..]} relative to full scale. */
    public static double rms(short[] samples, int from) {
        double sum = 0;
        int count = 0;
        for (int i = from; i < samples.length; i++) {
            sum += (double) samples[i] * samples[i];
            count++;
        }
        return count == 0 ? 0 : Math.sqrt(sum / count) / Short.MAX_VALUE;
    }
}
