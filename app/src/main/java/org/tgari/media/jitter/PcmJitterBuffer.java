package org.tgari.media.jitter;

/**
 * Receive buffer for fixed-size PCM frames keyed by a 16-bit sequence (the Asterisk leg). Playout
 * starts {@code targetDelayFrames} ticks after the first frame; a missing frame repeats the previous
 * one at half level, then silence; when more than the capacity's half is held (the two clocks drift),
 * the oldest frame is skipped. Preallocated; nothing is allocated per frame.
 */
public final class PcmJitterBuffer {

    private final int frameSamples;
    private final int targetDelayFrames;
    private final int capacity;
    private final short[][] frames;
    private final int[] seqOf;
    private final boolean[] used;
    private final short[] last;
    private int usedCount;
    private boolean started;
    private int holdTicks;
    private int nextSeq;
    private int missingInARow;
    private int farInARow;
    private long received, played, concealed, late, duplicates, dropped;

    public PcmJitterBuffer(int frameSamples, int targetDelayFrames, int capacityFrames) {
        if (capacityFrames < 2) throw new IllegalArgumentException("capacity must be at least 2 frames");
        this.frameSamples = frameSamples;
        this.targetDelayFrames = Math.max(0, Math.min(targetDelayFrames, capacityFrames / 2));
        this.capacity = capacityFrames;
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
            holdTicks = targetDelayFrames;
        }
        int ahead = (short) (seq - nextSeq);
        if (ahead < 0) {
            late++;
            return false;
        }
        if (ahead >= capacity) {
            if (++farInARow < 10) {
                dropped++;
                return false;
            }
            // The sender's sequence jumped: start over from this frame.
            clear();
            nextSeq = seq;
            holdTicks = targetDelayFrames;
            ahead = 0;
        }
        farInARow = 0;
        int slot = seq % capacity;
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
            java.util.Arrays.fill(out, off, off + frameSamples, (short) 0);
            return frameSamples;
        }
        if (usedCount > capacity / 2) {
            // Drift between Asterisk's clock and ours piles frames up: skip one to keep the delay bounded.
            take(nextSeq, null, 0);
            dropped++;
            nextSeq = (nextSeq + 1) & 0xFFFF;
        }
        if (take(nextSeq, out, off)) {
            System.arraycopy(out, off, last, 0, frameSamples);
            played++;
            missingInARow = 0;
        } else {
            concealed++;
            if (++missingInARow == 1) {
                for (int i = 0; i < frameSamples; i++) out[off + i] = (short) (last[i] / 2);
            } else {
                java.util.Arrays.fill(out, off, off + frameSamples, (short) 0);
            }
        }
        nextSeq = (nextSeq + 1) & 0xFFFF;
        return frameSamples;
    }

    private boolean take(int seq, short[] out, int off) {
        int slot = seq % capacity;
        if (!used[slot] || seqOf[slot] != seq) return false;
        if (out != null) System.arraycopy(frames[slot], 0, out, off, frameSamples);
        used[slot] = false;
        usedCount--;
        return true;
    }

    private void clear() {
        java.util.Arrays.fill(used, false);
        usedCount = 0;
    }

    public JitterStats stats() {
        return new JitterStats(received, played, concealed, 0, late, duplicates, dropped, usedCount * 20);
    }
}
