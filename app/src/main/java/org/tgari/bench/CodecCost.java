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
 * the gateway's settings), on this thread, before anything else loads the machine. After a warm-up the
 * JIT has settled; the median of several runs keeps one scheduler hiccup from moving the figure.
 */
final class CodecCost {

    private static final int WARM_UP_FRAMES = 3000;
    private static final int RUNS = 7;
    private static final int FRAMES_PER_RUN = 500;

    private CodecCost() {}

    /** Median over the runs of thread CPU µs per frame. */
    static double microsPerFrame() {
        var enc = new OpusFrameEncoder(16000, OpusSettings.defaults());
        var dec = new OpusFrameDecoder(16000);
        var tone = new ToneGenerator(16000, 440, -12);
        short[] pcm = new short[320];
        short[] out = new short[320];
        byte[] pkt = new byte[1275];
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < WARM_UP_FRAMES; i++) frame(enc, dec, tone, pcm, out, pkt);
        double[] runs = new double[RUNS];
        for (int r = 0; r < RUNS; r++) {
            long t0 = bean.getCurrentThreadCpuTime();
            for (int i = 0; i < FRAMES_PER_RUN; i++) frame(enc, dec, tone, pcm, out, pkt);
            runs[r] = (bean.getCurrentThreadCpuTime() - t0) / 1e3 / FRAMES_PER_RUN;
        }
        Arrays.sort(runs);
        return runs[RUNS / 2];
    }

    private static void frame(OpusFrameEncoder enc, OpusFrameDecoder dec, ToneGenerator tone, short[] pcm, short[] out, byte[] pkt) {
        tone.next(pcm, 0, 320);
        int n = enc.encode(pcm, 0, pkt, 0, pkt.length);
        dec.decode(pkt, 0, n, out, 0, 320);
    }
}
