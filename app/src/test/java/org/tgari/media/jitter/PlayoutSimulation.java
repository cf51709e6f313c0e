package org.tgari.media.jitter;

import java.util.Arrays;
import java.util.function.IntPredicate;
import java.util.function.IntToDoubleFunction;
import org.tgari.media.audio.ToneAnalyzer;

/**
 * Runs a playout buffer in virtual time: a sender emits packets on its own clock (which may run fast or
 * slow), a network delays, reorders, duplicates or holds them, and a receiver pulls one frame on its own
 * schedule (which may start late and catch up in a burst). Every pulled frame's level is kept, so a test
 * can look at the whole call, frame by frame, not at an average.
 */
final class PlayoutSimulation {

    /** The buffer under test, fed with packet {@code index} of the sender's stream. */
    interface Receiver {
        void offer(int index);
        void pull(short[] out);
        int frameSamples();
        JitterStats stats();
    }

    static final double SILENT_DBFS = -40;

    private int packets = 500;
    private int packetMs = 20;
    private double senderSpeed = 1.0;
    private IntToDoubleFunction networkDelayMs = i -> 30;
    private IntPredicate duplicated = i -> false;
    private IntToDoubleFunction pullAtMs = k -> 100 + 20.0 * k;

    PlayoutSimulation packets(int n, int ms) {
        this.packets = n;
        this.packetMs = ms;
        return this;
    }

    /** The sender's clock against ours: 1.001 runs 0.1 % fast. */
    PlayoutSimulation senderSpeed(double speed) {
        this.senderSpeed = speed;
        return this;
    }

    /** One-way delay of packet i in ms. */
    PlayoutSimulation network(IntToDoubleFunction delayMs) {
        this.networkDelayMs = delayMs;
        return this;
    }

    PlayoutSimulation duplicates(IntPredicate which) {
        this.duplicated = which;
        return this;
    }

    /** When pull k happens, in ms (non-decreasing). */
    PlayoutSimulation pulls(IntToDoubleFunction atMs) {
        this.pullAtMs = atMs;
        return this;
    }

    double sentAtMs(int i) {
        return i * packetMs / senderSpeed;
    }

    double arrivesAtMs(int i) {
        return sentAtMs(i) + networkDelayMs.applyAsDouble(i);
    }

    /** Pulls until the last packet has had time to play out; returns each frame's level. */
    Run run(Receiver rx) {
        int copies = 0;
        for (int i = 0; i < packets; i++) copies += duplicated.test(i) ? 2 : 1;
        double[] at = new double[copies];
        int[] index = new int[copies];
        int c = 0;
        for (int i = 0; i < packets; i++) {
            for (int d = duplicated.test(i) ? 2 : 1; d > 0; d--) {
                at[c] = arrivesAtMs(i);
                index[c++] = i;
            }
        }
        Integer[] order = new Integer[copies];
        for (int k = 0; k < copies; k++) order[k] = k;
        Arrays.sort(order, (a, b) -> at[a] != at[b] ? Double.compare(at[a], at[b]) : Integer.compare(index[a], index[b]));

        double lastArrival = at[order[copies - 1]];
        short[] frame = new short[rx.frameSamples()];
        double[] levels = new double[(int) ((lastArrival + 300) / 20) + packets * packetMs / 20 + 16];
        int[] delays = new int[levels.length];
        long[] concealed = new long[levels.length];
        int streamEnd = -1;
        int frames = 0;
        int next = 0;
        for (int k = 0; frames < levels.length; k++) {
            double t = pullAtMs.applyAsDouble(k);
            if (t > lastArrival + 300) break; // time to play out what is held, not more: a tail would be all concealment
            while (next < copies && at[order[next]] <= t) rx.offer(index[order[next++]]);
            if (next == copies && streamEnd < 0) streamEnd = frames;
            rx.pull(frame);
            var stats = rx.stats();
            delays[frames] = stats.currentDelayMs();
            concealed[frames] = stats.concealed();
            levels[frames++] = ToneAnalyzer.rmsDbfs(frame, 0, frame.length);
        }
        return new Run(Arrays.copyOf(levels, frames), Arrays.copyOf(delays, frames), Arrays.copyOf(concealed, frames), streamEnd, rx.stats());
    }

    /**
     * Each pulled frame's level (dBFS), the audio the buffer held after it (ms) and the frames concealed
     * so far, the frame at which the last packet had arrived, and the buffer's counters at the end.
     */
    record Run(double[] levels, int[] delaysMs, long[] concealedSoFar, int streamEnd, JitterStats stats) {

        /** Frames concealed from frame {@code from} to the end of the stream. */
        long concealedFrom(int from) {
            return concealedSoFar[streamEnd - 1] - concealedSoFar[from];
        }

        /** The most audio held after any pull in the stream's last {@code seconds} (the drained tail excluded). */
        int maxDelayMsInLast(int seconds) {
            int max = 0;
            for (int i = Math.max(0, streamEnd - seconds * 50); i < streamEnd; i++) max = Math.max(max, delaysMs[i]);
            return max;
        }

        int firstAudible() {
            for (int i = 0; i < levels.length; i++) if (levels[i] > SILENT_DBFS) return i;
            return -1;
        }

        int lastAudible() {
            for (int i = levels.length - 1; i >= 0; i--) if (levels[i] > SILENT_DBFS) return i;
            return -1;
        }

        /** The longest run of silent frames between {@code from} and {@code to} (exclusive). */
        int longestSilence(int from, int to) {
            int longest = 0, run = 0;
            for (int i = Math.max(0, from); i < Math.min(to, levels.length); i++) {
                run = levels[i] <= SILENT_DBFS ? run + 1 : 0;
                longest = Math.max(longest, run);
            }
            return longest;
        }

        /** Silent frames between the first and the last audible frame: what a listener hears as gaps. */
        int longestSilenceWhileAudible() {
            return longestSilence(firstAudible(), lastAudible());
        }

        @Override
        public String toString() {
            return "frames=" + levels.length + " first audible=" + firstAudible() + " longest gap=" + longestSilenceWhileAudible()
                    + " held in the last 10 s <= " + maxDelayMsInLast(10) + " ms " + stats;
        }
    }
}
