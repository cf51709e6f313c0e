package org.tgari.media.jitter;

import java.util.Arrays;

/**
 * Receive buffer for fixed-size 20 ms PCM frames keyed by a 16-bit sequence (the Asterisk leg). Playout
 * starts {@code targetDelayFrames} ticks after the first frame. As in {@link OpusJitterBuffer}, playout
 * never runs ahead of the stream: a pull that finds nothing buffered conceals (the previous frame at half
 * level, then silence) and waits for the same frame; a frame missing while later ones are here is
 * concealed and skipped. {@link DelayControl} keeps the delay near the target (a frame dropped with a
 * short fade, or the previous frame repeated, in quiet frames where it can); more than half the capacity
 * held for a second is cut back to the target (with its cushion). A sequence that jumps either way is followed after a few
 * frames. Preallocated; nothing is allocated per frame.
 */
public final class PcmJitterBuffer {

    private static final int RESYNC_AFTER = 10;

    private final int frameSamples;
    private final int fadeSamples;
    private final int capacity;
    private final DelayControl delay;
    private final short[][] frames;
    private final int[] seqOf;
    private final boolean[] used;
    private final short[] last;
    private double lastEnergy;
    private int usedCount;
    private boolean started;
    private int holdTicks;
    private int nextSeq;
    // nextSeq counted without wrapping: slots follow it, since 65536 is no multiple of the capacity
    private long nextIndex;
    private int missingInARow;
    private int farInARow;
    private int lateInARow;
    private long received, played, concealed, late, duplicates, dropped, expanded, compressed;

    public PcmJitterBuffer(int frameSamples, int targetDelayFrames, int capacityFrames) {
        if (capacityFrames < 2) throw new IllegalArgumentException("capacity must be at least 2 frames");
        this.frameSamples = frameSamples;
        this.fadeSamples = Math.max(1, frameSamples / 8);
        this.capacity = capacityFrames;
        int targetFrames = Math.max(0, Math.min(targetDelayFrames, capacityFrames / 2));
        this.delay = new DelayControl(targetFrames * DelayControl.FRAME_MS, capacityFrames / 2 * DelayControl.FRAME_MS);
        this.frames = new short[capacityFrames][frameSamples];
        this.seqOf = new int[capacityFrames];
        this.used = new boolean[capacityFrames];
        this.last = new short[frameSamples];
    }

    public boolean offer(int sequence, short[] pcm, int off) {
        int seq = sequence & 0xFFFF;
        received++;
        if (!started) {
            started = true;
            nextSeq = seq;
            holdTicks = delay.targetMs() / DelayControl.FRAME_MS;
        }
        int ahead = (short) (seq - nextSeq);
        if (ahead < 0) {
            if (++lateInARow < RESYNC_AFTER) {
                late++;
                return false;
            }
            restartAt(seq); // the sender's sequence moved back
            ahead = 0;
        } else if (ahead >= capacity) {
            if (ahead - heldFrames() < capacity) {
                cutTo(ahead - capacity + 1); // the stream runs on past the room (a flood): the oldest make way
            } else if (usedCount > 0 && ++farInARow < RESYNC_AFTER) {
                dropped++; // one wild sequence must not flush the buffer; a stream that jumped shows it again
                return false;
            } else {
                restartAt(seq);
            }
            ahead = (short) (seq - nextSeq);
        }
        lateInARow = 0;
        farInARow = 0;
        int slot = slotFor(ahead);
        if (used[slot]) {
            if (seqOf[slot] == seq) {
                duplicates++;
                return false;
            }
            dropped++; // overwritten stale frame
            usedCount--;
        }
        System.arraycopy(pcm, off, frames[slot], 0, frameSamples);
        seqOf[slot] = seq;
        used[slot] = true;
        usedCount++;
        return true;
    }

    public int pull(short[] out, int off) {
        if (!started || holdTicks > 0) {
            if (started) holdTicks--;
            Arrays.fill(out, off, off + frameSamples, (short) 0);
            return frameSamples;
        }
        int held = heldFrames();
        delay.observe(held * DelayControl.FRAME_MS);
        if (delay.shouldCut()) cutTo(held - delay.effectiveTargetMs() / DelayControl.FRAME_MS);
        if (usedCount > 0 && delay.shouldGrow(lastEnergy)) {
            System.arraycopy(last, 0, out, off, frameSamples);
            expanded++;
            delay.changed(false);
            return frameSamples;
        }
        int next = slotOf(0);
        int after = slotOf(1);
        if (next >= 0 && after >= 0 && delay.shouldShrink(frames[next], 0, frameSamples)) {
            DelayControl.spliceOver(frames[next], 0, frames[after], 0, out, off, frameSamples, fadeSamples);
            release(next);
            release(after);
            advance(2);
            played += 2;
            compressed++;
            delay.changed(true);
            keepAsLast(out, off);
        } else if (next >= 0) {
            System.arraycopy(frames[next], 0, out, off, frameSamples);
            release(next);
            advance(1);
            played++;
            keepAsLast(out, off);
        } else {
            conceal(out, off);
            if (usedCount == 0) {
                // Ran dry: the stream is late, not lost; wait for the same frame.
                expanded++;
                delay.underran();
            } else {
                advance(1);
            }
        }
        return frameSamples;
    }

    private void keepAsLast(short[] out, int off) {
        System.arraycopy(out, off, last, 0, frameSamples);
        missingInARow = 0;
        lastEnergy = DelayControl.energy(last, 0, frameSamples);
        delay.played(lastEnergy);
    }

    private void conceal(short[] out, int off) {
        concealed++;
        if (++missingInARow == 1) {
            for (int i = 0; i < frameSamples; i++) out[off + i] = (short) (last[i] / 2);
        } else {
            Arrays.fill(out, off, off + frameSamples, (short) 0);
        }
    }

    /** Frames from the playout point to the newest one held (gaps included). */
    private int heldFrames() {
        int newest = -1;
        for (int i = 0; i < capacity; i++) {
            if (used[i]) newest = Math.max(newest, (short) (seqOf[i] - nextSeq));
        }
        return newest + 1;
    }

    private void cutTo(int firstKeptAhead) {
        for (int k = 0; k < firstKeptAhead; k++) {
            int slot = slotOf(k);
            if (slot >= 0) {
                release(slot);
                dropped++;
            }
        }
        advance(firstKeptAhead);
    }

    private void advance(int frames) {
        nextSeq = (nextSeq + frames) & 0xFFFF;
        nextIndex += frames;
    }

    private int slotFor(int ahead) {
        return (int) ((nextIndex + ahead) % capacity);
    }

    /** The slot of the frame {@code ahead} of the playout point, or -1 when it is not here. */
    private int slotOf(int ahead) {
        int slot = slotFor(ahead);
        return used[slot] && seqOf[slot] == ((nextSeq + ahead) & 0xFFFF) ? slot : -1;
    }

    private void release(int slot) {
        used[slot] = false;
        usedCount--;
    }

    private void restartAt(int seq) {
        dropped += usedCount;
        Arrays.fill(used, false);
        usedCount = 0;
        nextSeq = seq;
        lateInARow = 0;
        farInARow = 0;
    }

    public JitterStats stats() {
        return new JitterStats(received, played, concealed, 0, late, duplicates, dropped, expanded, compressed,
                heldFrames() * DelayControl.FRAME_MS);
    }
}
