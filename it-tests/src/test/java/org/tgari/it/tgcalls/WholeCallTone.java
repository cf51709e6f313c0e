package org.tgari.it.tgcalls;

import java.util.ArrayList;
import java.util.List;
import org.tgari.media.audio.ToneAnalyzer;
import org.tgari.media.audio.WavFile;

/**
 * What one party heard, judged second by second. The tone's onset is found in the audio itself (a
 * party's file timeline need not match the wall clock: our voip-peer's advances by its 20 ms ticks,
 * which a loaded machine delays); from one second after it to the end of the other party's sending,
 * every whole 1 s window must carry the expected tone, its frequency within 2 % and its level within
 * {@link #LEVEL_TOLERANCE_DB} of what the sender puts on the wire. And there must be at least
 * {@code minWindows} of them, so audio that starts late or stops early cannot pass by shrinking the
 * stretch. A call that goes quiet after its first second fails here; a check of one window would not.
 */
public record WholeCallTone(double expectedHz, double expectedDbfs, double toleranceDb, double onsetSeconds, int minWindows, List<Window> windows) {

    /** Opus and tgcalls' audio processing move a steady tone's level by a few dB; silence is tens of dB down. */
    public static final double LEVEL_TOLERANCE_DB = 4.0;

    /** One 1 s window: where it starts in the heard file, the strongest frequency, the tone's level. */
    public record Window(double startSeconds, double hz, double dbfs, boolean good) {}

    private static final double ONSET_BLOCK = 0.1, ONSET_STEP = 0.02;

    /** Judges {@code heard} from one second after the tone's onset to {@code toSeconds} (its own timeline). */
    public static WholeCallTone judge(WavFile.Audio heard, double toSeconds, int minWindows, double expectedHz, double expectedDbfs) {
        return judge(heard, toSeconds, minWindows, expectedHz, expectedDbfs, LEVEL_TOLERANCE_DB);
    }

    /** As above, with the level allowed {@code toleranceDb} either way (a sender whose gain control moves it). */
    public static WholeCallTone judge(WavFile.Audio heard, double toSeconds, int minWindows, double expectedHz, double expectedDbfs,
                                      double toleranceDb) {
        int rate = heard.sampleRate();
        short[] pcm = heard.samples();
        double onset = onset(pcm, rate, expectedHz, expectedDbfs, toleranceDb);
        List<Window> windows = new ArrayList<>();
        if (onset >= 0) {
            for (double t = onset + 1.0; t + 1.0 <= toSeconds + 1e-9; t += 1.0) {
                if ((int) Math.round(t * rate) + rate > pcm.length) break;
                windows.add(window(pcm, rate, t, expectedHz, expectedDbfs, toleranceDb));
            }
        }
        return new WholeCallTone(expectedHz, expectedDbfs, toleranceDb, onset, minWindows, List.copyOf(windows));
    }

    /**
     * Judges {@code heard} over a stretch fixed in advance, from {@code fromSeconds} to {@code toSeconds} of
     * its own timeline, for files whose timeline is the wall clock's (tgpeer's, a SIP phone's recording).
     * Seconds the file does not reach count as bad.
     */
    public static WholeCallTone judge(WavFile.Audio heard, double fromSeconds, double toSeconds, double expectedHz, double expectedDbfs) {
        return judge(heard, fromSeconds, toSeconds, expectedHz, expectedDbfs, LEVEL_TOLERANCE_DB);
    }

    /** As above, with the level allowed {@code toleranceDb} either way (a sender whose gain control moves it). */
    public static WholeCallTone judge(WavFile.Audio heard, double fromSeconds, double toSeconds, double expectedHz, double expectedDbfs,
                                      double toleranceDb) {
        int rate = heard.sampleRate();
        short[] pcm = heard.samples();
        List<Window> windows = new ArrayList<>();
        for (double t = fromSeconds; t + 1.0 <= toSeconds + 1e-9; t += 1.0) {
            int off = (int) Math.round(t * rate);
            windows.add(off < 0 || off + rate > pcm.length ? new Window(t, 0, Double.NEGATIVE_INFINITY, false)
                    : window(pcm, rate, t, expectedHz, expectedDbfs, toleranceDb));
        }
        return new WholeCallTone(expectedHz, expectedDbfs, toleranceDb, fromSeconds - 1.0, Math.max(1, windows.size()), List.copyOf(windows));
    }

    /** Nothing heard to judge (the party never connected, or wrote no file). */
    public static WholeCallTone nothing(double expectedHz, double expectedDbfs, int minWindows) {
        return new WholeCallTone(expectedHz, expectedDbfs, LEVEL_TOLERANCE_DB, -1, minWindows, List.of());
    }

    /** The one-second window starting at {@code t}, judged. */
    private static Window window(short[] pcm, int rate, double t, double expectedHz, double expectedDbfs, double toleranceDb) {
        int off = (int) Math.round(t * rate);
        double hz = ToneAnalyzer.dominantFrequency(pcm, off, rate, rate);
        double dbfs = ToneAnalyzer.toneLevelDbfs(pcm, off, rate, rate, expectedHz);
        return new Window(t, hz, dbfs, carriesTone(hz, dbfs, expectedHz, expectedDbfs, toleranceDb));
    }

    private static boolean carriesTone(double hz, double dbfs, double expectedHz, double expectedDbfs, double toleranceDb) {
        return Math.abs(hz - expectedHz) <= expectedHz * 0.02 && Math.abs(dbfs - expectedDbfs) <= toleranceDb;
    }

    /**
     * Start of the first 100 ms block that carries the tone, in seconds; -1 if none does. A block carries
     * it when the tone is at its level and holds most of the block's energy (a sine's RMS is its peak
     * less 3 dB): a cheap test, where a spectrum scan per 20 ms step took minutes over a silent file.
     */
    private static double onset(short[] pcm, int rate, double expectedHz, double expectedDbfs, double toleranceDb) {
        int block = (int) (ONSET_BLOCK * rate), step = (int) (ONSET_STEP * rate);
        for (int off = 0; off + block <= pcm.length; off += step) {
            double tone = ToneAnalyzer.toneLevelDbfs(pcm, off, block, rate, expectedHz);
            if (Math.abs(tone - expectedDbfs) > toleranceDb) continue;
            if (tone - 3.01 >= ToneAnalyzer.rmsDbfs(pcm, off, block) - 3.0) return off / (double) rate;
        }
        return -1;
    }

    /** Windows that did not carry the tone (silent, wrong frequency or level), plus those missing below the minimum. */
    public long badSeconds() {
        long bad = windows.stream().filter(w -> !w.good()).count();
        return bad + Math.max(0, minWindows - windows.size());
    }

    /**
     * Bad seconds that were (near) silence, the tone 20 dB or more below its level, as against ones that
     * carried it distorted or at the wrong level. When the tone never arrived, all the minimum is silent;
     * when it arrived too late to fill the minimum, the missing seconds are bad but not counted here.
     */
    public long silentSeconds() {
        if (onsetSeconds < 0) return Math.max(minWindows, windows.size());
        return windows.stream().filter(w -> !w.good() && !(w.dbfs() > expectedDbfs - 20)).count();
    }

    /** Seconds judged, counting the missing ones below the minimum. */
    public int judgedSeconds() {
        return Math.max(minWindows, windows.size());
    }

    public boolean allGood() {
        return badSeconds() == 0;
    }

    /** One line: the onset, then each window as "hz/dB", bad ones marked with '!'. */
    public String describe() {
        var s = new StringBuilder(String.format("expected %.0f Hz at %.1f dBFS, at least %d s; ", expectedHz, expectedDbfs, minWindows));
        s.append(onsetSeconds < 0 ? "the tone never arrived" : String.format("onset %.2f s:", onsetSeconds));
        for (Window w : windows) {
            s.append(String.format(" %s%.0fHz/%.1fdB", w.good() ? "" : "!", w.hz(), w.dbfs()));
        }
        return s.toString();
    }
}
