package org.tgari.cli;

import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.tgari.media.audio.WavFile;
import org.tgari.media.codec.OpusFrameEncoder;
import org.tgari.media.codec.OpusSettings;
import org.tgari.media.jitter.OpusJitterBuffer;
import org.tgari.voip.dtls.DtlsCertificate;
import org.tgari.voip.engine.CallEngine;
import org.tgari.voip.engine.CallParams;
import org.tgari.voip.engine.CallServerJson;
import org.tgari.voip.engine.EngineState;
import org.tgari.voip.engine.EngineWarmUp;
import org.tgari.voip.ice.CallServer;

/**
 * {@code tgari voip-peer}: one media engine as a call party, for interoperability tests. It plays IN.wav
 * (looped) as its microphone, writes what it hears to OUT.wav, prints each signaling blob it emits as
 * {@code SIG <base64>} on stdout, feeds each {@code SIG <base64>} line of stdin to the engine, and reports
 * state changes as {@code STATE <name>} on stderr ({@code STATE connected <path>}, {@code STATE failed <reason>}).
 */
final class VoipPeer {

    static final String USAGE = """
            usage: java -jar tgari.jar voip-peer --version 8.0.0 (--outgoing|--incoming) --key-hex HEX512
                   [--servers FILE.json] [--allow-p2p] [--host ADDRESS] [--warm-up N] --in IN.wav --out OUT.wav --seconds N
              --servers   JSON array of TDLib callServer objects (reflectors, STUN/TURN), as TDLib writes them:
                          [{"@type":"callServer","id":"1","ip_address":"198.18.0.1","ipv6_address":"","port":3478,
                            "type":{"@type":"callServerTypeWebrtc","username":"u","password":"p",
                                    "supports_turn":true,"supports_stun":false}}]
                          (the outer "@type":"callServer" may be left out)
              --allow-p2p direct candidates too (host, STUN); without it, relays only
              --host      address for host candidates (default 127.0.0.1)
              --warm-up   loopback calls made before the call begins, as the gateway makes at start-up (default 3; 0: none)
            """;

    private record Args(String version, boolean outgoing, byte[] key, List<CallServer> servers, boolean allowP2p, String host,
                        Path in, Path out, int seconds, int warmUp) {}

    private VoipPeer() {}

    static int run(List<String> argv, InputStream stdin, PrintStream stdout, PrintStream stderr) {
        if (argv.contains("--help")) {
            stdout.print(USAGE);
            return 0;
        }
        Args a;
        WavFile.Audio mic;
        try {
            a = parse(argv);
            mic = WavFile.readAudio(a.in());
            if (mic.sampleRate() != 8000 && mic.sampleRate() != 16000 && mic.sampleRate() != 48000) {
                throw new IllegalArgumentException(a.in() + ": sample rate " + mic.sampleRate() + " Hz; use 8000, 16000 or 48000");
            }
            if (mic.samples().length == 0) throw new IllegalArgumentException(a.in() + " holds no audio");
        } catch (IllegalArgumentException | IOException e) {
            stderr.println("tgari voip-peer: " + e.getMessage());
            return 2;
        }
        Vertx vertx = Vertx.vertx(org.tgari.runtime.EventLoopTransport.options());
        try {
            return call(vertx, a, mic, stdin, stdout, stderr);
        } finally {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                stderr.println("tgari voip-peer: shutdown: " + e);
            }
        }
    }

    private static final int CODEC_WARM_UP_FRAMES = 150;

    private static int call(Vertx vertx, Args a, WavFile.Audio mic, InputStream stdin, PrintStream stdout, PrintStream stderr) {
        int rate = mic.sampleRate();
        int frame = rate / 50;
        var connected = new CompletableFuture<Boolean>();
        var params = new CallParams(a.key(), a.outgoing(), a.version(), a.servers(), a.allowP2p(), Map.of());
        var certificate = DtlsCertificate.generateEcdsaP256();
        if (a.warmUp() > 0) EngineWarmUp.run(vertx, certificate, a.warmUp()).join();
        if (a.warmUp() > 0) warmCodec(mic, frame);
        var engine = new CallEngine(vertx, params, new CallEngine.Options(a.host(), Duration.ofSeconds(20), certificate),
                new CallEngine.Listener() {
                    @Override
                    public void signaling(byte[] blob) {
                        synchronized (stdout) {
                            stdout.println("SIG " + Base64.getEncoder().encodeToString(blob));
                            stdout.flush();
                        }
                    }

                    @Override
                    public void state(EngineState s) {
                        // The path (host/TURN/reflector) lets a harness check which one a call took.
                        String detail = switch (s) {
                            case EngineState.Failed f -> " " + f.reason();
                            case EngineState.Connected c -> " " + c.path();
                            default -> "";
                        };
                        stderr.println("STATE " + s.name() + detail);
                        if (s instanceof EngineState.Connected) connected.complete(true);
                        if (s instanceof EngineState.Failed) connected.complete(false);
                    }
                });
        var heard = new OpusJitterBuffer(rate, 60, 400);
        engine.start((seq, ts, buf, off, len) -> {
            synchronized (heard) {
                heard.offer(seq, ts, buf, off, len);
            }
        });
        Thread reader = Thread.ofPlatform().daemon().name("voip-peer-stdin").start(() -> readSignaling(stdin, engine, stderr));
        engine.begin();

        var encoder = new OpusFrameEncoder(rate, OpusSettings.defaults());
        short[] out = new short[rate * a.seconds()];
        short[] pcm = new short[frame];
        byte[] opus = new byte[1275];
        int[] pos = {0, 0}; // mic position, output position
        var finished = new CompletableFuture<Void>();
        long ticks = a.seconds() * 50L;
        long[] done = {0};
        long timer = vertx.setPeriodic(20, id -> {
            // Ticks can still come after the last one, before the main thread cancels the timer (a
            // loaded machine): the output is full by then, and the jitter buffer's pull would overrun it.
            if (done[0] >= ticks) return;
            short[] s = mic.samples();
            for (int i = 0; i < frame; i++) {
                pcm[i] = s[pos[0]];
                pos[0] = (pos[0] + 1) % s.length;
            }
            int n = encoder.encode(pcm, 0, opus, 0, opus.length);
            if (n > 0) engine.sendOpus(opus, 0, n, 960);
            synchronized (heard) {
                heard.pull(out, pos[1]);
            }
            pos[1] += frame;
            if (++done[0] >= ticks) finished.complete(null);
        });
        try {
            finished.get(a.seconds() + 30L, TimeUnit.SECONDS);
        } catch (Exception e) {
            stderr.println("tgari voip-peer: " + e);
        }
        vertx.cancelTimer(timer);
        engine.close();
        reader.interrupt();
        try {
            WavFile.writeMono16(a.out(), rate, java.util.Arrays.copyOf(out, Math.min(out.length, pos[1])));
        } catch (IOException e) {
            stderr.println("tgari voip-peer: cannot write " + a.out() + ": " + e.getMessage());
            return 1;
        }
        return connected.getNow(false) ? 0 : 1;
    }

    /**
     * Encodes and decodes a couple of seconds of the microphone before the call begins. The 20 ms tick
     * encodes from the call's start, and Concentus' first frames, interpreted, took the CPU that the
     * call's ICE and DTLS needed on a loaded 2-core machine; compiled, a frame costs well under a
     * millisecond.
     */
    private static void warmCodec(WavFile.Audio mic, int frame) {
        int rate = mic.sampleRate();
        var encoder = new OpusFrameEncoder(rate, OpusSettings.defaults());
        var decoder = new OpusJitterBuffer(rate, 60, 400);
        short[] s = mic.samples();
        short[] pcm = new short[frame];
        short[] out = new short[frame];
        byte[] opus = new byte[1275];
        for (int i = 0; i < CODEC_WARM_UP_FRAMES; i++) {
            for (int k = 0; k < frame; k++) pcm[k] = s[(i * frame + k) % s.length];
            int n = encoder.encode(pcm, 0, opus, 0, opus.length);
            if (n > 0) decoder.offer(i, i * 960L, opus, 0, n);
            decoder.pull(out, 0);
        }
    }

    private static void readSignaling(InputStream stdin, CallEngine engine, PrintStream stderr) {
        try (var r = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                line = line.strip();
                if (!line.startsWith("SIG ")) continue;
                try {
                    engine.receiveSignaling(Base64.getDecoder().decode(line.substring(4).strip()));
                } catch (IllegalArgumentException e) {
                    stderr.println("tgari voip-peer: ignored a SIG line that is not base64");
                }
            }
        } catch (IOException e) {
            // stdin closed: no more signaling
        }
    }

    private static Args parse(List<String> argv) throws IOException {
        String version = null, keyHex = null, host = "127.0.0.1";
        Boolean outgoing = null;
        Path servers = null, in = null, out = null;
        boolean p2p = false;
        int seconds = -1, warmUp = 3;
        List<String> rest = new ArrayList<>(argv);
        for (int i = 0; i < rest.size(); i++) {
            String k = rest.get(i);
            switch (k) {
                case "--outgoing" -> outgoing = true;
                case "--incoming" -> outgoing = false;
                case "--allow-p2p" -> p2p = true;
                case "--version", "--key-hex", "--servers", "--in", "--out", "--seconds", "--host", "--warm-up" -> {
                    if (i + 1 >= rest.size()) throw new IllegalArgumentException(k + " needs a value");
                    String v = rest.get(++i);
                    switch (k) {
                        case "--version" -> version = v;
                        case "--key-hex" -> keyHex = v;
                        case "--servers" -> servers = Path.of(v);
                        case "--in" -> in = Path.of(v);
                        case "--out" -> out = Path.of(v);
                        case "--host" -> host = v;
                        default -> {
                            int number;
                            try {
                                number = Integer.parseInt(v);
                            } catch (NumberFormatException e) {
                                throw new IllegalArgumentException(k + " takes a whole number");
                            }
                            if (k.equals("--seconds")) seconds = number;
                            else if (number < 0) throw new IllegalArgumentException("--warm-up takes 0 or more");
                            else warmUp = number;
                        }
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + k + "\n" + USAGE);
            }
        }
        if (version == null || outgoing == null || keyHex == null || in == null || out == null || seconds <= 0) {
            throw new IllegalArgumentException("missing options\n" + USAGE);
        }
        byte[] key;
        try {
            key = HexFormat.of().parseHex(keyHex.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--key-hex is not hexadecimal");
        }
        if (key.length != 256) throw new IllegalArgumentException("--key-hex must be 512 hex digits (256 bytes), got " + key.length + " bytes");
        List<CallServer> list = servers == null ? List.of() : CallServerJson.parseArray(Files.readString(servers));
        return new Args(version, outgoing, key, list, p2p, host, in, out, seconds, warmUp);
    }
}
