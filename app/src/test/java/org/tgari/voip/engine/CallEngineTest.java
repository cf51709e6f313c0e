package org.tgari.voip.engine;

import org.tgari.voip.ice.CallServer;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tgari.media.audio.ToneAnalyzer;
import org.tgari.media.codec.OpusSettings;
import org.tgari.telegram.sim.ReflectorSimulator;
import org.tgari.voip.dtls.DtlsCertificate;

/** Two engines in one JVM, signaling piped between them: the whole tgcalls stack, both directions. */
class CallEngineTest {

    private static final DtlsCertificate CERT_A = DtlsCertificate.generateEcdsaP256();
    private static final DtlsCertificate CERT_B = DtlsCertificate.generateEcdsaP256();

    private Vertx vertx;
    private ReflectorSimulator reflector;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        reflector = new ReflectorSimulator(vertx, "127.0.0.1", 9);
    }

    @AfterEach
    void tearDown() throws Exception {
        reflector.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** One party: its engine, its state and what it heard. */
    @ParameterizedTest(name = "{0} p2p={1}")
    @CsvSource({"8.0.0, true", "8.0.0, false", "7.0.0, false"})
    void twoEnginesConnectAndCarryTonesBothWays(String version, boolean p2p) throws Exception {
        int port = reflector.start(0).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        EngineTestParty[] pair = connectPair(version, p2p, port);
        EngineTestParty a = pair[0], b = pair[1];
        assertThat(a.settled.get(10, TimeUnit.SECONDS)).isInstanceOf(EngineState.Connected.class);
        assertThat(b.settled.get(10, TimeUnit.SECONDS)).isInstanceOf(EngineState.Connected.class);
        long connectMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(((EngineState.Connected) a.settled.get()).path()).startsWith(p2p ? "host" : "reflector");

        long timerA = a.playTone(vertx, 1000, OpusSettings.defaults());
        long timerB = b.playTone(vertx, 700, OpusSettings.defaults());
        assertThat(a.packets.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(b.packets.await(10, TimeUnit.SECONDS)).isTrue();
        vertx.cancelTimer(timerA);
        vertx.cancelTimer(timerB);
        assertThat(dominant(b)).as("B hears A's 1 kHz").isBetween(990.0, 1010.0);
        assertThat(dominant(a)).as("A hears B's 700 Hz").isBetween(693.0, 707.0);
        assertThat(a.engine.engineStats().srtpFailures()).isZero();
        // RTCP: sender and receiver reports every second give each side a round-trip time
        // reports go every second, and RTT needs our SR to come back in the peer's next report
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(12);
        byte[] pkt = new byte[3];
        while (Double.isNaN(a.engine.engineStats().rttMs()) && System.nanoTime() < deadline) {
            a.engine.sendOpus(pkt, 0, 3, 960); // keep A a sender (its SR is what B's report refers to)
            Thread.sleep(50);
        }
        var stats = a.engine.engineStats();
        assertThat(stats.rttMs()).as("RTT from RTCP").isBetween(0.0, 500.0);
        assertThat(stats.rtcpIn()).isPositive();
        assertThat(stats.transportCcIn()).as("packets carry the negotiated transport-wide sequence extension").isPositive();
        assertThat(stats.feedbackOut()).as("transport-cc feedback sent").isPositive();
        System.out.printf("engine %s p2p=%s connected in %d ms%n", version, p2p, connectMs);
        a.engine.close();
        b.engine.close();
    }

    private EngineTestParty[] connectPair(String version, boolean p2p, int port) {
        byte[] tag = new byte[16];
        new java.util.Random().nextBytes(tag);
        List<CallServer> servers = List.of(new CallServer.TelegramReflector(5001, "127.0.0.1", "", port, tag, false));
        return EngineTestParty.connect(vertx, version, servers, p2p, Duration.ofSeconds(10), CERT_A, CERT_B, 60);
    }

    @Test
    void aHundredCallsInARowAllConnect() throws Exception {
        int port = reflector.start(0).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        List<Long> times = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            long t0 = System.nanoTime();
            EngineTestParty[] p = connectPair("8.0.0", i % 2 == 0, port);
            assertThat(p[0].settled.get(10, TimeUnit.SECONDS)).as("call %d", i).isInstanceOf(EngineState.Connected.class);
            assertThat(p[1].settled.get(10, TimeUnit.SECONDS)).as("call %d", i).isInstanceOf(EngineState.Connected.class);
            times.add((System.nanoTime() - t0) / 1_000_000);
            p[0].engine.close();
            p[1].engine.close();
        }
        var sorted = times.stream().sorted().toList();
        System.out.printf("100 calls: connect median %d ms, p95 %d ms, max %d ms%n", sorted.get(50), sorted.get(95), sorted.get(99));
    }

    @Test
    void audioContinuesThroughTenPercentLossAndFiftyMsJitter() throws Exception {
        int port = reflector.start(0).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        reflector.setLoss(0.10);
        reflector.setDelay(50, 50);
        EngineTestParty[] p = connectPair("8.0.0", false, port);
        assertThat(p[0].settled.get(15, TimeUnit.SECONDS)).isInstanceOf(EngineState.Connected.class);
        assertThat(p[1].settled.get(15, TimeUnit.SECONDS)).isInstanceOf(EngineState.Connected.class);
        long timer = p[0].playTone(vertx, 1000, new OpusSettings(24000, 5, true, 20, false));
        assertThat(p[1].packets.await(10, TimeUnit.SECONDS)).isTrue();
        vertx.cancelTimer(timer);
        assertThat(dominant(p[1])).isBetween(990.0, 1010.0);
        assertThat(reflector.dropped()).as("loss was injected").isPositive();
        assertThat(p[0].settled.getNow(null)).isInstanceOf(EngineState.Connected.class);
        p[0].engine.close();
        p[1].engine.close();
    }

    private static double dominant(EngineTestParty p) {
        short[] audio = new short[16000];
        synchronized (p) {
            for (int i = 0; i < 50; i++) p.heard.pull(audio, i * 320);
        }
        return ToneAnalyzer.dominantFrequency(audio, 4000, 8000, 16000);
    }
}
