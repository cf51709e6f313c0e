package org.tgari.telegram.sim;

import java.util.concurrent.atomic.AtomicLong;
import org.tgari.media.audio.ToneAnalyzer;

/**
 * What a simulated user hears of the line, as levels only: each 20 ms frame its engine decoded is
 * counted, and counted as audible when its RMS level is above {@link #AUDIBLE_DBFS}. Written by the
 * user's own context, read by tests from any thread; it keeps no audio.
 */
public final class HeardAudio {

    /** Quieter than any prompt or tone, louder than the silence and concealment of a quiet path. */
    public static final double AUDIBLE_DBFS = -50.0;

    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong audible = new AtomicLong();
    private volatile double loudestDbfs = Double.NEGATIVE_INFINITY;

    /** One decoded frame; called by the user's context only. */
    void frame(short[] pcm, int off, int len) {
        double dbfs = ToneAnalyzer.rmsDbfs(pcm, off, len);
        frames.incrementAndGet();
        if (dbfs > AUDIBLE_DBFS) audible.incrementAndGet();
        if (dbfs > loudestDbfs) loudestDbfs = dbfs;
    }

    /** Frames decoded so far (20 ms each), silent or not. */
    public long frames() {
        return frames.get();
    }

    /** Frames louder than {@link #AUDIBLE_DBFS}. */
    public long audibleFrames() {
        return audible.get();
    }

    /** The loudest frame's RMS level so far; negative infinity before any. */
    public double loudestDbfs() {
        return loudestDbfs;
    }
}
