package org.tgari.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import org.tgari.media.audio.ToneGenerator;
import org.tgari.media.codec.OpusFrameDecoder;
import org.tgari.media.codec.OpusFrameEncoder;
import org.tgari.media.codec.OpusSettings;

/**
 * What the engine is compared with: Concentus encode + decode of one 20 ms frame at 16 kHz (complexity 5,
 * the gateway's settings), on this thread, before anything else loads the machine. Runs of 500 frames
 * repeat until the JIT has settled (the last seven runs within 10 % of each other, after at least 20
 * runs; C2 takes seconds for Concentus' large methods on two busy cores); the figure is their median.
 */
final class CodecCost {

    private static final int FRAMES_PER_RUN = 500;
    private static final int WINDOW = 7;
    private static final int MIN_RUNS = 20;
    private static final int MAX_RUNS = 80;
    private static final double SETTLED_SPREAD = 0.10;

    private CodecCost() {}

    /** Median of the last runs' thread CPU µs per frame. */
    static double microsPerFrame() {
        var enc = new OpusFrameEncoder(16000, OpusSettings.defaults());
        var dec = new OpusFrameDecoder(16000);
        var tone = new ToneGenerator(16000, 440, -12);
        short[] pcm = new short[320];
        short[] out = new short[320];
        byte[] pkt = new byte[1275];
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        double[] last = new double[WINDOW];
        double[] sorted = new double[WINDOW];
        for (int run = 0; ; run++) {
            long t0 = bean.getCurrentThreadCpuTime();
            for (int i = 0; i < FRAMES_PER_RUN; i++) frame(enc, dec, tone, pcm, out, pkt);
            last[run % WINDOW] = (bean.getCurrentThreadCpuTime() - t0) / 1e3 / FRAMES_PER_RUN;
            if (run + 1 < MIN_RUNS) continue;
            System.arraycopy(last, 0, sorted, 0, WINDOW);
            Arrays.sort(sorted);
            double median = sorted[WINDOW / 2];
            if ((sorted[WINDOW - 1] - sorted[0]) / median <= SETTLED_SPREAD || run + 1 >= MAX_RUNS) return median;
        }
    }

    private static void frame(OpusFrameEncoder enc, OpusFrameDecoder dec, ToneGenerator tone, short[] pcm, short[] out, byte[] pkt) {
        tone.next(pcm, 0, 320);
        int n = enc.encode(pcm, 0, pkt, 0, pkt.length);
        dec.decode(pkt, 0, n, out, 0, 320);
    }
}
