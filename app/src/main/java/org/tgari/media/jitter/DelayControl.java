package org.tgari.media.jitter;

/**
 * Keeps a playout buffer's delay near its target by asking it to remove or add one 20 ms frame, the
 * way NetEq accelerates and pre-emptively expands. The buffer reports how much audio it holds before
 * every pull; once per window (one second of pulls) the lowest level of that window is compared with the
 * target. The lowest level, not the average, because packets of 60 ms make the level swing by three
 * frames between arrivals. Levels come in whole frames, so the band that needs nothing is two frames
 * wide (target and target + one frame): with one, a level that wavers between two values as drift
 * carries arrivals across our tick would be grown and shrunk in turn. Below it (a sender whose clock is
 * slow, a late start) the buffer is one jitter spike away from running dry and grows a frame; above it
 * (a fast sender, a backlog after a stall) it holds audio nobody needs and sheds the excess.
 *
 * <p>More than {@code maxMs} held for a whole second is cut back at once. Not sooner: when our own tick
 * stalls (a pause of the event loop) packets pile up just the same, and the catch-up pulls that follow
 * play them; cutting would leave those pulls with nothing.
 *
 * <p>Changes are made in quiet frames where possible (below a floor, or well below the stream's recent
 * energy), so they fall into pauses; a request not served by a quiet frame within half a second is
 * served anyway, at most one frame every {@value #FORCED_GAP} pulls, so a steady tone or non-stop
 * speech cannot hold drift off forever. One instance per buffer, on the buffer's thread.
 */
final class DelayControl {

    static final int FRAME_MS = 20;
    static final int WINDOW_PULLS = 50;
    static final int FORCE_AFTER_PULLS = 25;
    static final int FORCED_GAP = 5;
    static final int CALM_WINDOWS = 10;
    static final int MAX_EPISODE_FRAMES = 5;
    // -45 dBFS: background noise of a quiet room; always counts as quiet.
    private static final double QUIET_FLOOR = Math.pow(32768 * Math.pow(10, -45 / 20.0), 2);

    private final int targetMs;
    private final int maxMs;
    private final int maxCushionMs;
    // Delay added to the target because the stream ran late (jitter the target did not cover); it decays.
    private int cushionMs;
    private int calmWindows;
    private boolean underranThisWindow;
    private boolean underranThisPull;
    private boolean underranLastPull;
    private int episodeFrames;
    private int overMaxPulls;
    private int windowPulls;
    private int windowMinMs = Integer.MAX_VALUE;
    private int shrinkFrames;
    private int growFrames;
    private int sinceRequest;
    private int sinceChange = FORCED_GAP;
    private double energyAverage;

    DelayControl(int targetMs, int maxMs) {
        this.targetMs = Math.max(0, targetMs);
        this.maxMs = Math.max(this.targetMs + 2 * FRAME_MS, maxMs);
        this.maxCushionMs = (this.maxMs - this.targetMs) / 2 / FRAME_MS * FRAME_MS;
    }

    /** The configured target: what playout waits for at the start. */
    int targetMs() {
        return targetMs;
    }

    /** The target now: the configured one plus what the stream's lateness has shown to be needed. */
    int effectiveTargetMs() {
        return targetMs + cushionMs;
    }

    /** The audio held before this pull, in ms; call once per pull. */
    void observe(int levelMs) {
        underranLastPull = underranThisPull;
        underranThisPull = false;
        overMaxPulls = levelMs > maxMs ? overMaxPulls + 1 : 0;
        windowMinMs = Math.min(windowMinMs, levelMs);
        sinceRequest++;
        sinceChange++;
        if (++windowPulls < WINDOW_PULLS) return;
        // seconds without running dry let the cushion down a frame every CALM_WINDOWS of them
        if (underranThisWindow) calmWindows = 0;
        else if (++calmWindows >= CALM_WINDOWS && cushionMs > 0) {
            cushionMs -= FRAME_MS;
            calmWindows = 0;
        }
        underranThisWindow = false;
        int excess = windowMinMs - effectiveTargetMs();
        shrinkFrames = excess >= 2 * FRAME_MS ? excess / FRAME_MS - 1 : 0;
        growFrames = -excess >= FRAME_MS ? 1 : 0;
        sinceRequest = 0;
        windowPulls = 0;
        windowMinMs = Integer.MAX_VALUE;
    }

    int maxMs() {
        return maxMs;
    }

    /** Whether the buffer has held more than the bound for a second: cut back to the effective target now. */
    boolean shouldCut() {
        if (overMaxPulls < WINDOW_PULLS) return false;
        overMaxPulls = 0;
        shrinkFrames = 0;
        return true;
    }

    /**
     * Whether to drop the frame {@code pcm[off..off+n)} (call {@link #changed} if it is dropped). Its energy
     * is computed only when a frame is wanted out, not on every pull.
     */
    boolean shouldShrink(short[] pcm, int off, int n) {
        return shrinkFrames > 0 && allowed(energy(pcm, off, n));
    }

    /** Whether to insert a frame after one whose mean square energy is given (call {@link #changed} if one is). */
    boolean shouldGrow(double lastFrameEnergy) {
        return growFrames > 0 && allowed(lastFrameEnergy);
    }

    private boolean allowed(double energy) {
        if (quiet(energy)) return true;
        return sinceRequest >= FORCE_AFTER_PULLS && sinceChange >= FORCED_GAP;
    }

    /** A frame was dropped ({@code shrunk}) or inserted. */
    void changed(boolean shrunk) {
        if (shrunk) shrinkFrames--;
        else growFrames--;
        sinceChange = 0;
    }

    /**
     * The buffer ran dry and waited a frame for its stream: that frame of delay was added already, and
     * the stream has shown jitter the target did not cover, so the target grows by a frame (up to half the
     * room between target and bound) and stays up until the stream has been calm for a while, as NetEq's
     * target follows the delays it has seen. Without it, every calm second shed the delay that the next
     * spike needed, and each spike ran dry again.
     */
    void underran() {
        growFrames = 0;
        underranThisWindow = true;
        calmWindows = 0;
        // Each episode raises it by a frame, and to as deep as the episode went, up to five frames: spikes
        // that keep coming raise it until they no longer run the buffer dry, while one long outage (a
        // stall) counts no more than a 100 ms spike.
        episodeFrames = underranLastPull ? episodeFrames + 1 : 1;
        int raised = episodeFrames == 1 ? cushionMs + FRAME_MS : cushionMs;
        cushionMs = Math.min(maxCushionMs, Math.max(raised, Math.min(episodeFrames, MAX_EPISODE_FRAMES) * FRAME_MS));
        underranThisPull = true;
    }

    /** Tracks the stream's energy (call with every frame played) so that 'quiet' is relative to it. */
    void played(double frameEnergy) {
        energyAverage += (frameEnergy - energyAverage) * 0.02;
    }

    boolean quiet(double energy) {
        return energy < QUIET_FLOOR || energy < energyAverage / 16;
    }

    /** Mean square of {@code n} samples. */
    static double energy(short[] pcm, int off, int n) {
        double sum = 0;
        for (int i = off; i < off + n; i++) sum += (double) pcm[i] * pcm[i];
        return n == 0 ? 0 : sum / n;
    }

    /**
     * Writes frame {@code b} into {@code out}, its first {@code fade} samples faded in from frame
     * {@code a}: what was played last flowed into {@code a}, so dropping {@code a} this way leaves no step.
     */
    static void spliceOver(short[] a, int aOff, short[] b, int bOff, short[] out, int outOff, int n, int fade) {
        for (int i = 0; i < n; i++) {
            int v = b[bOff + i];
            if (i < fade) v = (a[aOff + i] * (fade - i) + v * i) / fade;
            out[outOff + i] = (short) v;
        }
    }
}
