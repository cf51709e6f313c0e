package org.tgari.bench;

import com.sun.management.OperatingSystemMXBean;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.tgari.ari.AriClient.ExternalMediaChannel;
import org.tgari.config.ConfigLoader;
import org.tgari.config.GatewayConfig;
import org.tgari.gateway.ContextPool;
import org.tgari.gateway.media.CallMediaPipeline;
import org.tgari.gateway.media.RtpMediaLeg;
import org.tgari.routing.CallOutcome;
import org.tgari.telegram.CallListener;
import org.tgari.telegram.TelegramUser;
import org.tgari.telegram.VoiceChannel;
import org.tgari.telegram.sim.SimulatedTelegram;

/**
 * {@code tgari bench}: N simultaneous calls through the production media path without Asterisk: a fake
 * ExternalMedia RTP peer (ulaw, 20 ms) ⇄ {@link RtpMediaLeg} ⇄ {@link CallMediaPipeline} (jitter
 * buffers, Concentus) ⇄ simulated {@code @echo} over loopback. Prints CPU per call, late frames and
 * the round-trip delay of audio bursts.
 */
public final class MediaBench {

    /**
     * {@code gatewayCpuPercentPerCall} counts only the gateway's event loops (legs, jitter buffers,
     * Concentus); {@code cpuPercentPerCall} the whole process, i.e. also the fake Asterisk and the
     * simulated far end, which decodes and re-encodes every packet itself.
     */
    public record Result(int calls, double seconds, double cpuPercentPerCall, double gatewayCpuPercentPerCall, double cpuPercentTotal,
                         long framesReturned, long lateArrivals, double latencyMedianMs, double latencyP95Ms, long telegramLost) {}

    private MediaBench() {}

    public static Result run(int calls, Duration duration, PrintStream log) throws Exception {
        GatewayConfig config = ConfigLoader.fromMap(Map.of("media.rtp-format", "ulaw", "telegram.sim.ring-delay", "1ms"));
        // Two Vert.x instances, so the gateway's threads can be told apart from the far ends' threads.
        Vertx vertx = Vertx.vertx(org.tgari.runtime.EventLoopTransport.options());
        Vertx far = Vertx.vertx(org.tgari.runtime.EventLoopTransport.options());
        try {
            int loops = 2 * Runtime.getRuntime().availableProcessors();
            var contexts = ContextPool.create(vertx, loops).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            var farContexts = ContextPool.create(far, loops).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            java.util.Set<Long> gatewayThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
            for (var clock : contexts.clocks()) {
                Promise<Void> p = Promise.promise();
                clock.context().runOnContext(v -> {
                    gatewayThreads.add(Thread.currentThread().threadId());
                    p.complete();
                });
                p.future().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            }
            var telegram = new SimulatedTelegram(far, config.telegram().sim().ringDelay());
            telegram.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            List<BenchCall> all = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                var call = new BenchCall(vertx, contexts.next(), farContexts.next().context(), telegram, config);
                all.add(call);
                call.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            log.printf("bench: %d calls up, warming up 3 s%n", calls);
            Thread.sleep(3000); // warm-up window of a benchmark, not synchronisation
            var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            var threads = ManagementFactory.getThreadMXBean();
            long cpu0 = os.getProcessCpuTime();
            long gw0 = gatewayThreads.stream().mapToLong(threads::getThreadCpuTime).sum();
            long t0 = System.nanoTime();
            long late0 = all.stream().mapToLong(c -> c.asterisk.lateArrivals).sum();
            long in0 = all.stream().mapToLong(c -> c.asterisk.packetsIn).sum();
            int lat0 = all.stream().mapToInt(c -> c.asterisk.latency.snapshot().size()).sum();
            Thread.sleep(duration.toMillis()); // the measurement window
            long cpu1 = os.getProcessCpuTime();
            long gw1 = gatewayThreads.stream().mapToLong(threads::getThreadCpuTime).sum();
            double wall = (System.nanoTime() - t0) / 1e9;
            long late = all.stream().mapToLong(c -> c.asterisk.lateArrivals).sum() - late0;
            long in = all.stream().mapToLong(c -> c.asterisk.packetsIn).sum() - in0;
            List<Double> lat = new ArrayList<>();
            all.forEach(c -> lat.addAll(c.asterisk.latency.snapshot()));
            List<Double> window = lat.subList(Math.min(lat0, lat.size()), lat.size()).stream().sorted().toList();
            long lost = all.stream().mapToLong(c -> c.pipeline == null ? 0 : c.pipeline.counters().telegramLostFrames()).sum();
            List<Future<Void>> closing = new ArrayList<>();
            all.forEach(c -> closing.add(c.close()));
            Future.all(closing).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            double cpuTotal = (cpu1 - cpu0) / 1e9 / wall * 100.0;
            double gwCpu = (gw1 - gw0) / 1e9 / wall * 100.0;
            return new Result(calls, wall, cpuTotal / calls, gwCpu / calls, cpuTotal, in, late,
                    percentile(window, 0.5), percentile(window, 0.95), lost);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            far.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) return Double.NaN;
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
    }

    /** One benchmark call, set up on its own context like a real call. */
    private static final class BenchCall {
        private final Vertx vertx;
        private final Context context;
        private final org.tgari.gateway.media.MediaClock clock;
        private final Context farContext;
        private final SimulatedTelegram telegram;
        private final GatewayConfig config;
        final FakeAsteriskEndpoint asterisk;
        RtpMediaLeg leg;
        CallMediaPipeline pipeline;
        org.tgari.telegram.OutgoingCall tgCall;
        VoiceChannel voice;

        BenchCall(Vertx vertx, org.tgari.gateway.media.MediaClock clock, Context farContext, SimulatedTelegram telegram, GatewayConfig config) {
            this.vertx = vertx;
            this.clock = clock;
            this.context = clock.context();
            this.farContext = farContext;
            this.telegram = telegram;
            this.config = config;
            this.asterisk = new FakeAsteriskEndpoint(farContext.owner());
        }

        Future<Void> start() {
            Promise<Void> done = Promise.promise();
            context.runOnContext(v -> {
                Promise<VoiceChannel> answered = Promise.promise();
                tgCall = telegram.call(new TelegramUser(1001, "@echo"), new CallListener() {
                    @Override public void ringing() { }
                    @Override public void accepted(VoiceChannel voice) { context.runOnContext(x -> answered.tryComplete(voice)); }
                    @Override public void ended(CallOutcome outcome, String detail) { answered.tryFail(detail); }
                });
                leg = new RtpMediaLeg(vertx, config.media().rtpFormat(), "127.0.0.1", "127.0.0.1", org.tgari.logging.CallLog.of(MediaBench.class, "bench"));
                answered.future().compose(voice -> {
                    this.voice = voice;
                    pipeline = new CallMediaPipeline("bench", clock, leg, voice, config.opus(), config.media());
                    return leg.prepare("bench", "bench").compose(req -> bindOnFarSide().compose(port -> {
                        int legPort = Integer.parseInt(req.externalHost().substring(req.externalHost().lastIndexOf(':') + 1));
                        var channel = new ExternalMediaChannel("bench", Map.of("UNICASTRTP_LOCAL_ADDRESS", "127.0.0.1",
                                "UNICASTRTP_LOCAL_PORT", Integer.toString(port)));
                        return leg.attach(channel, pipeline.asteriskSink()).map(x -> legPort);
                    }));
                }).onSuccess(legPort -> {
                    pipeline.start();
                    farContext.runOnContext(x -> asterisk.startSending(legPort));
                    done.complete();
                }).onFailure(done::fail);
            });
            return done.future();
        }

        /** The fake Asterisk lives on the far side's Vert.x, so its work is not counted as the gateway's. */
        private Future<Integer> bindOnFarSide() {
            Promise<Integer> port = Promise.promise();
            farContext.runOnContext(v -> asterisk.bind().onComplete(port));
            return Future.fromCompletionStage(port.future().toCompletionStage(), context);
        }

        Future<Void> close() {
            Promise<Void> closed = Promise.promise();
            farContext.runOnContext(v -> asterisk.close());
            context.runOnContext(v -> {
                if (pipeline != null) pipeline.close();
                if (leg != null) leg.close();
                if (voice != null) voice.close();
                if (tgCall != null) tgCall.hangup();
                closed.complete();
            });
            return closed.future();
        }
    }
}
