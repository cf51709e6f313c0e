package org.tgari.bench;

import com.sun.management.OperatingSystemMXBean;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.tgari.media.audio.ToneGenerator;
import org.tgari.media.codec.OpusFrameDecoder;
import org.tgari.media.codec.OpusFrameEncoder;
import org.tgari.media.codec.OpusSettings;
import org.tgari.telegram.sim.ReflectorSimulator;
import org.tgari.voip.dtls.DtlsCertificate;
import org.tgari.voip.engine.CallEngine;
import org.tgari.voip.engine.CallParams;
import org.tgari.voip.engine.CallServer;
import org.tgari.voip.engine.EngineState;

/**
 * {@code tgari bench --engine}: the tgcalls engine alone (signaling done, then RTP + SRTP + ICE/reflector
 * per packet, no codec) for N calls, each party sending one pre-encoded 20 ms Opus packet every 20 ms;
 * compared with Concentus' encode + decode of the same 20 ms in this JVM.
 */
public final class EngineBench {

    public record Result(int calls, double cpuPercentPerCall, double engineMicrosPerPacket, double codecMicrosPerFrame,
                         double engineShareOfCodec, long packetsDelivered) {}

    private EngineBench() {}

    public static Result run(int calls, Duration duration, PrintStream log) throws Exception {
        Vertx vertx = Vertx.vertx();
        var reflector = new ReflectorSimulator(vertx, "127.0.0.1", 1);
        try {
            int port = reflector.start(0).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            var certA = DtlsCertificate.generateEcdsaP256();
            var certB = DtlsCertificate.generateEcdsaP256();
            byte[] opus = samplePacket();
            AtomicLong delivered = new AtomicLong();
            List<CallEngine> engines = new ArrayList<>();
            Random r = new Random(1);
            for (int i = 0; i < calls; i++) {
                byte[] key = new byte[256];
                byte[] tag = new byte[16];
                r.nextBytes(key);
                r.nextBytes(tag);
                List<CallServer> servers = List.of(new CallServer.TelegramReflector(1, "127.0.0.1", "", port, tag, false));
                CallEngine[] pair = new CallEngine[2];
                var up = new CompletableFuture<Void>();
                var upB = new CompletableFuture<Void>();
                pair[0] = new CallEngine(vertx, new CallParams(key, true, "8.0.0", servers, false, Map.of()),
                        CallEngine.Options.defaults(certA), listener(() -> pair[1], up));
                pair[1] = new CallEngine(vertx, new CallParams(key, false, "8.0.0", servers, false, Map.of()),
                        CallEngine.Options.defaults(certB), listener(() -> pair[0], upB));
                for (CallEngine e : pair) {
                    e.start((seq, ts, buf, off, len) -> delivered.incrementAndGet());
                    e.begin();
                    engines.add(e);
                }
                up.get(10, TimeUnit.SECONDS);
                upB.get(10, TimeUnit.SECONDS);
            }
            long timer = vertx.setPeriodic(20, id -> engines.forEach(e -> e.sendOpus(opus, 0, opus.length, 960)));
            Thread.sleep(2000); // warm-up window of a benchmark, not synchronisation
            var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime(), t0 = System.nanoTime(), d0 = delivered.get();
            Thread.sleep(duration.toMillis()); // the measurement window
            long cpu1 = os.getProcessCpuTime();
            double wall = (System.nanoTime() - t0) / 1e9;
            long packets = delivered.get() - d0;
            vertx.cancelTimer(timer);
            engines.forEach(CallEngine::close);
            double cpuPercent = (cpu1 - cpu0) / 1e9 / wall * 100.0;
            // One packet crosses sender engine, reflector and receiver engine; the reflector stands in for
            // Telegram's servers, so this overstates the engine's own share.
            double microsPerPacket = packets == 0 ? Double.NaN : (cpu1 - cpu0) / 1e3 / packets;
            double codec = codecMicrosPerFrame();
            log.printf("engine bench: %d calls, %d packets delivered in %.1f s%n", calls, packets, wall);
            return new Result(calls, cpuPercent / calls, microsPerPacket, codec, microsPerPacket / codec, packets);
        } finally {
            reflector.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static CallEngine.Listener listener(java.util.function.Supplier<CallEngine> peer, CompletableFuture<Void> up) {
        return new CallEngine.Listener() {
            @Override
            public void signaling(byte[] blob) {
                peer.get().receiveSignaling(blob);
            }

            @Override
            public void state(EngineState s) {
                if (s instanceof EngineState.Connected) up.complete(null);
                if (s instanceof EngineState.Failed f) up.completeExceptionally(new IllegalStateException(f.reason()));
            }
        };
    }

    private static byte[] samplePacket() {
        var enc = new OpusFrameEncoder(16000, OpusSettings.defaults());
        short[] pcm = new short[320];
        byte[] out = new byte[1275];
        var tone = new ToneGenerator(16000, 440, -12);
        int n = 0;
        for (int i = 0; i < 10; i++) {
            tone.next(pcm, 0, 320);
            n = enc.encode(pcm, 0, out, 0, out.length);
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** Concentus encode + decode of one 20 ms frame at 16 kHz, complexity 5, after warm-up. */
    static double codecMicrosPerFrame() {
        var enc = new OpusFrameEncoder(16000, OpusSettings.defaults());
        var dec = new OpusFrameDecoder(16000);
        var tone = new ToneGenerator(16000, 440, -12);
        short[] pcm = new short[320];
        short[] out = new short[320];
        byte[] pkt = new byte[1275];
        var bean = ManagementFactory.getThreadMXBean();
        long t0 = 0;
        int measured = 0;
        for (int i = 0; i < 3000; i++) {
            if (i == 1000) t0 = bean.getCurrentThreadCpuTime();
            tone.next(pcm, 0, 320);
            int n = enc.encode(pcm, 0, pkt, 0, pkt.length);
            dec.decode(pkt, 0, n, out, 0, 320);
            if (i >= 1000) measured++;
        }
        return (bean.getCurrentThreadCpuTime() - t0) / 1e3 / measured;
    }
}
