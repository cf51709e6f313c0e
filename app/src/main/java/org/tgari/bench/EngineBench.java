package org.tgari.bench;

import com.sun.management.OperatingSystemMXBean;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.tgari.gateway.ContextPool;
import org.tgari.gateway.media.MediaClock;
import org.tgari.media.audio.ToneGenerator;
import org.tgari.media.codec.OpusFrameEncoder;
import org.tgari.media.codec.OpusSettings;
import org.tgari.runtime.EventLoopTransport;
import org.tgari.telegram.sim.ReflectorSimulator;
import org.tgari.voip.dtls.DtlsCertificate;
import org.tgari.voip.engine.CallEngine;
import org.tgari.voip.engine.CallParams;
import org.tgari.voip.engine.EngineState;
import org.tgari.voip.ice.CallServer;

/**
 * {@code tgari bench --engine}: the tgcalls engine alone (signaling done, then RTP + SRTP + ICE/reflector
 * per packet, no codec) for N calls, each party sending one pre-encoded 20 ms Opus packet every 20 ms
 * from its own context's media clock, as the gateway does; compared with Concentus' encode + decode of
 * a 20 ms frame, measured in this JVM before the engines start.
 *
 * <p>The engines run on their own Vert.x instance and the reflector simulator (which stands in for
 * Telegram's servers) on another, so the engines' own CPU can be read from their event-loop threads
 * alone. The whole-process figure is kept beside it: it also holds the reflector, GC and the JIT.
 */
public final class EngineBench {

    /**
     * @param engineMicrosPerPacket CPU of the engines' threads per packet delivered (one packet is sent by
     *     one engine and received by another: what one call's engine costs per 20 ms frame, sending one
     *     packet and receiving one)
     * @param engineKernelMicrosPerPacket the part of it spent in the kernel (system calls, wake-ups)
     * @param processMicrosPerPacket the whole process's CPU per packet delivered (adds reflector, GC, JIT)
     * @param reflectorMicrosPerPacket the reflector simulator's event loop per packet delivered
     */
    public record Result(int calls, double cpuPercentPerCall, double engineMicrosPerPacket, double engineKernelMicrosPerPacket,
                         double processMicrosPerPacket,
                         double reflectorMicrosPerPacket, double codecMicrosPerFrame, long packetsDelivered, boolean codecInSitu) {
        public double engineShareOfCodec() {
            return engineMicrosPerPacket / codecMicrosPerFrame;
        }

        public double processShareOfCodec() {
            return processMicrosPerPacket / codecMicrosPerFrame;
        }
    }

    private EngineBench() {}

    /** @param loops how many event loops (and media clocks) the engines are spread over */
    public static Result run(int calls, int loops, Duration duration, PrintStream log) throws Exception {
        return run(calls, loops, duration, log, false, false);
    }

    /**
     * @param withOpus each party encodes its frame with Concentus on its tick and decodes what it hears, as
     *     the gateway does; the codec's CPU is timed around each call, so the engine's share is compared with
     *     the codec as it runs beside it (same caches, same clock speed, same wake-ups), not in a tight loop
     * @param nio the engines' event loops on Java NIO rather than the gateway's choice (epoll where it loads)
     */
    public static Result run(int calls, int loops, Duration duration, PrintStream log, boolean withOpus, boolean nio) throws Exception {
        // First, on a quiet machine. With --opus too: it brings Concentus to its compiled steady state, which
        // takes C2 longer than the warm-up below, and the compiler would otherwise compete with the engines.
        double codec = CodecCost.microsPerFrame();
        Vertx vertx = Vertx.vertx(EventLoopTransport.options().setPreferNativeTransport(!nio).setEventLoopPoolSize(loops)); // one context per loop
        log.println("engine bench: " + EventLoopTransport.describe(vertx));
        Vertx network = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        var reflector = new ReflectorSimulator(network, "127.0.0.1", 1);
        List<CallEngine> engines = new ArrayList<>();
        try {
            int port = await(reflector.start(0));
            ContextPool pool = await(ContextPool.create(vertx, loops));
            List<MediaClock> clocks = pool.clocks();
            // The engines' event loops, and the carriers of the virtual threads their DTLS endpoints run on
            // (nothing else in this process uses virtual threads).
            ThreadCpu engineThreads = await(ThreadCpu.of(clocks.stream().map(MediaClock::context).toList()))
                    .andThreadsNamed("ForkJoinPool-");
            ThreadCpu reflectorThreads = await(ThreadCpu.of(List.of(network.getOrCreateContext())));
            var certA = DtlsCertificate.generateEcdsaP256();
            var certB = DtlsCertificate.generateEcdsaP256();
            byte[] opus = samplePacket();
            LongAdder delivered = new LongAdder();
            LongAdder codecNanos = new LongAdder();
            Random r = new Random(1);
            for (int i = 0; i < calls; i++) {
                byte[] key = new byte[256];
                byte[] tag = new byte[16];
                r.nextBytes(key);
                r.nextBytes(tag);
                List<CallServer> servers = List.of(new CallServer.TelegramReflector(1, "127.0.0.1", "", port, tag, false));
                // Each party placed as the gateway places a call: loops fill up before the next is used.
                MediaClock[] at = {pool.next(), pool.next()};
                CallEngine[] pair = new CallEngine[2];
                List<CompletableFuture<Void>> up = List.of(new CompletableFuture<>(), new CompletableFuture<>());
                for (int k = 0; k < 2; k++) {
                    int self = k;
                    await(onContext(at[k], () -> {
                        pair[self] = new CallEngine(vertx, new CallParams(key, self == 0, "8.0.0", servers, false, Map.of()),
                                CallEngine.Options.defaults(self == 0 ? certA : certB), listener(() -> pair[1 - self], up.get(self)));
                    }));
                }
                Speaker[] speakers = {new Speaker(codecNanos), new Speaker(codecNanos)};
                for (int k = 0; k < 2; k++) {
                    CallEngine e = pair[k];
                    Speaker sp = speakers[k];
                    engines.add(e);
                    await(onContext(at[k], () -> {
                        e.start((seq, ts, buf, off, len) -> {
                            if (withOpus) sp.hear(buf, off, len);
                            delivered.increment();
                        });
                        e.begin();
                    }));
                }
                for (CompletableFuture<Void> f : up) f.get(10, TimeUnit.SECONDS);
                for (int k = 0; k < 2; k++) {
                    CallEngine e = pair[k];
                    MediaClock clock = at[k];
                    Speaker sp = speakers[k];
                    await(onContext(clock, () -> clock.register(withOpus ? () -> sp.speak(e) : () -> e.sendOpus(opus, 0, opus.length, 960))));
                }
            }
            Thread.sleep(5000); // warm-up window of a benchmark (JIT, DTLS threads settling), not synchronisation
            var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            ThreadCpu.Sample e0 = engineThreads.sample(), r0 = reflectorThreads.sample();
            long t0 = System.nanoTime(), d0 = delivered.sum(), c0 = codecNanos.sum();
            Thread.sleep(duration.toMillis()); // the measurement window
            long cpu = os.getProcessCpuTime() - cpu0;
            ThreadCpu.Sample eng = engineThreads.sample().minus(e0), refl = reflectorThreads.sample().minus(r0);
            double wall = (System.nanoTime() - t0) / 1e9;
            long packets = delivered.sum() - d0;
            long codecCpu = codecNanos.sum() - c0;
            log.printf("engine bench: %d calls on %d event loops, %d packets delivered in %.1f s%n", calls, engineThreads.threadCount(), packets, wall);
            double cpuPercent = cpu / 1e9 / wall * 100.0;
            if (withOpus) {
                // each delivered packet was encoded once and decoded once, on the engines' own threads
                return new Result(calls, cpuPercent / calls, perPacket(eng.nanos() - codecCpu, packets), perPacket(eng.kernelNanos(), packets),
                        perPacket(cpu, packets), perPacket(refl.nanos(), packets), perPacket(codecCpu, packets), packets, true);
            }
            return new Result(calls, cpuPercent / calls, perPacket(eng.nanos(), packets), perPacket(eng.kernelNanos(), packets),
                    perPacket(cpu, packets), perPacket(refl.nanos(), packets), codec, packets, false);
        } finally {
            engines.forEach(CallEngine::close);
            reflector.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            network.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static double perPacket(long nanos, long packets) {
        return packets == 0 ? Double.NaN : nanos / 1e3 / packets;
    }

    private static Future<Void> onContext(MediaClock clock, Runnable task) {
        Promise<Void> p = Promise.promise();
        clock.context().runOnContext(v -> {
            task.run();
            p.complete();
        });
        return p.future();
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
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

    /**
     * One party's microphone and ear with Concentus, timing the codec's own CPU. Reading a thread's CPU
     * clock is a system call (a few microseconds here), and four per frame would land in the engine's
     * share: so one encode and one decode in {@link #SAMPLE_EVERY} are timed, and count for all of them.
     */
    private static final class Speaker {
        private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private static final int SAMPLE_EVERY = 8;
        private final OpusFrameEncoder encoder = new OpusFrameEncoder(16000, OpusSettings.defaults());
        private final org.tgari.media.codec.OpusFrameDecoder decoder = new org.tgari.media.codec.OpusFrameDecoder(16000);
        private final ToneGenerator tone = new ToneGenerator(16000, 440, -12);
        private final short[] mic = new short[320];
        private final short[] ear = new short[320];
        private final byte[] packet = new byte[1275];
        private final LongAdder codecNanos;
        private int encodes, decodes;

        Speaker(LongAdder codecNanos) {
            this.codecNanos = codecNanos;
        }

        void speak(CallEngine engine) {
            boolean timed = encodes++ % SAMPLE_EVERY == 0;
            long t0 = timed ? THREADS.getCurrentThreadCpuTime() : 0;
            tone.next(mic, 0, mic.length);
            int n = encoder.encode(mic, 0, packet, 0, packet.length);
            if (timed) codecNanos.add(SAMPLE_EVERY * (THREADS.getCurrentThreadCpuTime() - t0));
            if (n > 0) engine.sendOpus(packet, 0, n, 960);
        }

        void hear(byte[] buf, int off, int len) {
            boolean timed = decodes++ % SAMPLE_EVERY == 0;
            long t0 = timed ? THREADS.getCurrentThreadCpuTime() : 0;
            decoder.decode(buf, off, len, ear, 0, ear.length);
            if (timed) codecNanos.add(SAMPLE_EVERY * (THREADS.getCurrentThreadCpuTime() - t0));
        }
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
}
