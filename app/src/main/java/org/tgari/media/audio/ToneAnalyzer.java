package org.tgari.media.audio;

/** Measures a tone in PCM: its frequency (Goertzel scan refined by interpolation) and level in dBFS. */
public final class ToneAnalyzer {
    private ToneAnalyzer() {}

    /** Power of one frequency in the window (Goertzel), normalised so a full-scale sine gives 0.5. */
    static double power(short[] pcm, int off, int n, int sampleRate, double freq) {
        double w = 2 * Math.PI * freq / sampleRate;
        double coeff = 2 * Math.cos(w);
        double s1 = 0, s2 = 0;
        for (int i = 0; i < n; i++) {
            // Hann window keeps a strong tone from leaking into the neighbouring bins of the scan.
            double win = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1));
            double s0 = win * pcm[off + i] / 32768.0 + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double p = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        // Hann's coherent gain is 0.5, so a sine of amplitude A gives (A n / 4)^2.
        // n * n in long: a one-second window at 48 kHz overflows int.
        return p / ((long) n * n / 16.0) / 2.0;
    }

    /** The strongest frequency between 50 Hz and Nyquist, to within a fraction of a Hz for steady tones. */
    public static double dominantFrequency(short[] pcm, int off, int n, int sampleRate) {
        // Coarse scan on a short window, whose wide main lobe cannot fall between 5 Hz steps...
        int shortN = Math.min(n, 2048);
        double best = 0, bestF = 0;
        double coarse = 5.0;
        for (double f = 50; f < sampleRate / 2.0 - coarse; f += coarse) {
            double p = power(pcm, off, shortN, sampleRate, f);
            if (p > best) {
                best = p;
                bestF = f;
            }
        }
        // ...then a fine scan on the whole window around that peak, and a parabolic refinement.
        double fine = Math.min(0.25, sampleRate / (double) n / 4);
        double centre = bestF;
        best = 0;
        for (double f = centre - 3 * coarse; f <= centre + 3 * coarse; f += fine) {
            double p = power(pcm, off, n, sampleRate, f);
            if (p > best) {
                best = p;
                bestF = f;
            }
        }
        double pl = power(pcm, off, n, sampleRate, bestF - fine);
        double pr = power(pcm, off, n, sampleRate, bestF + fine);
        double denom = pl - 2 * best + pr;
        double shift = denom == 0 ? 0 : 0.5 * (pl - pr) / denom;
        return bestF + Math.max(-1, Math.min(1, shift)) * fine;
    }

    /** RMS level of the window in dBFS (a full-scale sine is -3 dBFS). */
    public static double rmsDbfs(short[] pcm, int off, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double s = pcm[off + i] / 32768.0;
            sum += s * s;
        }
        double rms = Math.sqrt(sum / Math.max(1, n));
        return rms <= 0 ? -200 : 20 * Math.log10(rms);
    }

    /** Peak amplitude of the given tone in dBFS (a full-scale sine is 0 dBFS), as a tone generator sets it. */
    public static double toneLevelDbfs(short[] pcm, int off, int n, int sampleRate, double freqHz) {
        double p = power(pcm, off, n, sampleRate, freqHz);
        // power of a sine of amplitude A (full scale 1) is A^2 / 2
        double amplitude = Math.sqrt(2 * p);
        return amplitude <= 0 ? -200 : 20 * Math.log10(amplitude);
    }
}
