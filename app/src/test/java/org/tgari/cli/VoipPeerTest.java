package org.tgari.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgari.media.audio.ToneAnalyzer;
import org.tgari.media.audio.ToneGenerator;
import org.tgari.media.audio.WavFile;
import org.tgari.telegram.sim.ReflectorSimulator;

/** Two voip-peers joined by pipes (their SIG lines) and a reflector simulator hear each other's tones. */
class VoipPeerTest {

    @TempDir
    Path dir;

    /** Collects a peer's stderr and notes when it first said "STATE connected". */
    private static final class StateWatch extends OutputStream {
        final ByteArrayOutputStream text = new ByteArrayOutputStream();
        final CompletableFuture<Long> connectedAt = new CompletableFuture<>();

        @Override
        public synchronized void write(int b) {
            text.write(b);
            if (b == '\n' && text.toString(StandardCharsets.UTF_8).contains("STATE connected")) connectedAt.complete(System.nanoTime());
        }
    }

    private Path tone(String name, double hz) throws Exception {
        short[] pcm = new short[16000];
        new ToneGenerator(16000, hz, -12).next(pcm, 0, pcm.length);
        Path p = dir.resolve(name);
        WavFile.writeMono16(p, 16000, pcm);
        return p;
    }

    @Test
    void twoPeersThroughTheReflectorSimulatorHearEachOther() throws Exception {
        Vertx vertx = Vertx.vertx();
        var reflector = new ReflectorSimulator(vertx, "127.0.0.1", 3);
        int port = reflector.start(0).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        byte[] tag = new byte[16];
        new Random(4).nextBytes(tag);
        Path servers = dir.resolve("servers.json");
        Files.writeString(servers, "[{\"@type\":\"callServer\",\"id\":\"7\",\"ip_address\":\"127.0.0.1\",\"ipv6_address\":\"\",\"port\":" + port
                + ",\"type\":{\"@type\":\"callServerTypeTelegramReflector\",\"peer_tag\":\"" + Base64.getEncoder().encodeToString(tag)
                + "\",\"is_tcp\":false}}]");
        byte[] key = new byte[256];
        new Random(5).nextBytes(key);
        String keyHex = HexFormat.of().formatHex(key);

        var aToB = new PipedOutputStream();
        var bIn = new PipedInputStream(aToB, 1 << 20);
        var bToA = new PipedOutputStream();
        var aIn = new PipedInputStream(bToA, 1 << 20);
        var aErr = new StateWatch();
        var bErr = new StateWatch();
        Path aOut = dir.resolve("a-heard.wav"), bOut = dir.resolve("b-heard.wav");
        List<String> common = List.of("--version", "8.0.0", "--key-hex", keyHex, "--servers", servers.toString(), "--seconds", "3",
                "--warm-up", "0"); // the figure is a cold start's set-up
        List<String> aArgs = new ArrayList<>(common);
        aArgs.addAll(List.of("--outgoing", "--in", tone("a.wav", 1000).toString(), "--out", aOut.toString()));
        List<String> bArgs = new ArrayList<>(common);
        bArgs.addAll(List.of("--incoming", "--in", tone("b.wav", 600).toString(), "--out", bOut.toString()));

        long t0 = System.nanoTime();
        var a = CompletableFuture.supplyAsync(() -> VoipPeer.run(aArgs, aIn, new PrintStream(aToB, true, StandardCharsets.UTF_8),
                new PrintStream(aErr, true, StandardCharsets.UTF_8)));
        var b = CompletableFuture.supplyAsync(() -> VoipPeer.run(bArgs, bIn, new PrintStream(bToA, true, StandardCharsets.UTF_8),
                new PrintStream(bErr, true, StandardCharsets.UTF_8)));
        assertThat(a.get(40, TimeUnit.SECONDS)).as("A's exit code; stderr: %s", aErr.text).isZero();
        assertThat(b.get(40, TimeUnit.SECONDS)).as("B's exit code; stderr: %s", bErr.text).isZero();
        long connectMs = (Math.max(aErr.connectedAt.get(), bErr.connectedAt.get()) - t0) / 1_000_000;
        System.out.println("voip-peer pair connected " + connectMs + " ms after start");
        assertThat(connectMs).as("both connected (target 1.5 s, see docs/benchmarks.md)").isLessThan(3000);

        var heardByA = WavFile.readAudio(aOut);
        var heardByB = WavFile.readAudio(bOut);
        int n = 16000;
        assertThat(ToneAnalyzer.dominantFrequency(heardByB.samples(), heardByB.samples().length - n, n, 16000)).isBetween(980.0, 1020.0);
        assertThat(ToneAnalyzer.dominantFrequency(heardByA.samples(), heardByA.samples().length - n, n, 16000)).isBetween(588.0, 612.0);
        assertThat(ToneAnalyzer.toneLevelDbfs(heardByB.samples(), heardByB.samples().length - n, n, 16000, 1000)).isBetween(-15.0, -9.0);
        assertThat(reflector.forwarded()).isPositive();
        reflector.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void badArgumentsAreUsageErrors() {
        var err = new ByteArrayOutputStream();
        var ps = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(VoipPeer.run(List.of("--version", "8.0.0"), System.in, ps, ps)).isEqualTo(2);
        assertThat(VoipPeer.run(List.of("--version", "8.0.0", "--outgoing", "--key-hex", "abcd", "--in", "x.wav", "--out", "y.wav",
                "--seconds", "1"), System.in, ps, ps)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing options", "512 hex digits");
    }
}
