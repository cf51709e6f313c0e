package org.tgari.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tgari.config.ConfigException;
import org.tgari.config.ConfigLoader;
import org.tgari.config.GatewayConfig;
import org.tgari.runtime.GatewayRuntime;

/** Entry point of {@code tgari.jar}: dispatches to one sub-command. */
public final class Main {

    private static final String USAGE = """
            usage: java -jar tgari.jar <command> [options]

            commands:
              demo [--config FILE] [--set key=value ...]
                   run the gateway against the simulated Telegram network (no account needed);
                   dial 600 for @echo. Defaults match asterisk-config/.
              run --config FILE [--set key=value ...]
                   run the gateway with the Telegram lines in FILE.
              lines --config FILE
                   show each configured Telegram line and whether it is logged in.
              login LINE --config FILE [--qr]
                   log a Telegram line in: phone number, code, 2FA password; or --qr, a QR code to
                   scan with Telegram on your phone. The session stays in the line's data directory.
              config-keys
                   list every configuration key with its default (secrets shown as set, not printed).
              voip-peer --version 8.0.0 (--outgoing|--incoming) --key-hex HEX512 [--servers FILE.json]
                   [--allow-p2p] [--host ADDRESS] [--warm-up N] --in IN.wav --out OUT.wav --seconds N
                   run one Telegram call media engine as a call party (signaling as SIG lines on stdio).
              bench [--engine [--loops L] [--opus] [--nio]] [--calls N[,N...]] [--seconds S]
                   N simultaneous calls through the media pipeline (RTP leg, jitter buffers, Opus,
                   simulated @echo on loopback); prints CPU per call, late frames, round-trip delay.
                   --engine: the tgcalls engine alone (SRTP, RTP, ICE/reflector; no codec), its calls
                   spread over L event loops (default: two per core, as the gateway's); --opus: each party
                   also encodes and decodes with Concentus, and the engine is compared with the codec in situ;
                   --nio: the engines' event loops on Java NIO instead of epoll, to compare.

            add --help after a command for its options.
            """;

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command and returns the process exit code (0 ok, 2 usage or config error, 1 failure). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0];
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (command) {
                case "demo" -> serve(rest, true, out, err);
                case "run" -> serve(rest, false, out, err);
                case "bench" -> bench(rest, out);
                case "voip-peer" -> VoipPeer.run(rest, System.in, out, err);
                case "lines" -> lines(rest, out);
                case "login" -> Login.run(rest, System.in, out, err);
                case "config-keys" -> {
                    if (rest.contains("--help") || rest.contains("-h")) {
                        out.println("usage: java -jar tgari.jar config-keys");
                        out.println("lists every configuration key with its default (secrets taken from the environment are shown as set, not printed).");
                        yield 0;
                    }
                    ConfigLoader.DEFAULTS.forEach((k, v) -> out.println(k + " = " + ConfigLoader.printable(k, v)));
                    ConfigLoader.KEY_PATTERNS.forEach((k, v) -> out.println(k + " = " + v));
                    yield 0;
                }
                default -> {
                    err.println("tgari: unknown command '" + command + "'");
                    err.print(USAGE);
                    yield 2;
                }
            };
        } catch (UsageException e) {
            err.println("tgari " + command + ": " + e.getMessage());
            return 2;
        } catch (ConfigException e) {
            err.println("tgari: " + e.getMessage());
            return 2;
        }
    }

    private static int serve(List<String> args, boolean demo, PrintStream out, PrintStream err) {
        String name = demo ? "demo" : "run";
        if (args.contains("--help") || args.contains("-h")) {
            out.println("usage: java -jar tgari.jar " + name + (demo ? " [--config FILE]" : " --config FILE") + " [--set key=value ...]");
            out.println(demo
                    ? "Runs tgari against the simulated Telegram network: @echo, @tone, @busy, @noanswer (see docs/demo.md)."
                    : "Runs tgari with the Telegram lines configured in FILE.");
            out.println("Keys and defaults: java -jar tgari.jar config-keys");
            return 0;
        }
        Path file = null;
        Map<String, String> sets = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--config" -> {
                    if (i + 1 >= args.size()) throw new UsageException("--config needs a file");
                    file = Path.of(args.get(++i));
                }
                case "--set" -> {
                    if (i + 1 >= args.size() || !args.get(i + 1).contains("=")) throw new UsageException("--set needs key=value");
                    String kv = args.get(++i);
                    sets.put(kv.substring(0, kv.indexOf('=')).strip(), kv.substring(kv.indexOf('=') + 1).strip());
                }
                default -> unknown.add(a);
            }
        }
        if (!unknown.isEmpty()) throw new UsageException("unknown option(s) " + unknown + "; see --help");
        if (!demo && file == null) throw new UsageException("--config FILE is required (try 'demo' to run without an account)");
        if (file != null && !Files.isReadable(file)) throw new UsageException("cannot read config file " + file);

        Map<String, String> overrides = new HashMap<>();
        if (file != null) overrides.putAll(ConfigLoader.readOverrides(file));
        overrides.putAll(sets);
        if (demo) overrides.put("telegram.mode", "simulated");
        else overrides.putIfAbsent("telegram.mode", "tdlib");
        GatewayConfig config = ConfigLoader.fromMap(overrides);

        GatewayRuntime runtime;
        try {
            runtime = GatewayRuntime.start(config);
        } catch (Exception e) {
            err.println("tgari: could not start: " + e.getMessage());
            return 1;
        }
        if (!demo && !runtime.line().state().ready()) {
            err.println("tgari: Telegram: " + runtime.line().state().reason());
        }
        // SIGTERM (docker stop, systemd, kill) drains: calls in progress may finish, up to calls.drain-timeout,
        // and the process exits 0. Ctrl-C and other exits stop at once through the hook.
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> runtime.drainAndStop());
        } catch (IllegalArgumentException noSigterm) {
            err.println("tgari: SIGTERM cannot be handled here (" + noSigterm.getMessage() + "); it stops without draining");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "tgari-shutdown"));
        out.println("tgari " + name + " running; admin on http://" + config.http().host() + ":" + runtime.httpPort()
                + "/health - press Ctrl-C to stop");
        try {
            runtime.stopped().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            err.println("tgari: stopping failed: " + e.getCause());
            return 1;
        }
        return 0;
    }

    private static int bench(List<String> args, PrintStream out) {
        if (args.contains("--help")) {
            out.println("usage: java -jar tgari.jar bench [--engine [--loops L] [--opus] [--nio]] [--calls 10,50,100] [--seconds 20]");
            return 0;
        }
        List<Integer> counts = List.of(10);
        int seconds = 20;
        boolean engineOnly = false;
        int loops = 2 * Runtime.getRuntime().availableProcessors();
        boolean withOpus = false;
        boolean nio = false;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--calls" -> {
                    if (i + 1 >= args.size()) throw new UsageException("--calls needs a number or a list like 10,50,100");
                    try {
                        counts = Arrays.stream(args.get(++i).split(",")).map(String::strip).map(Integer::parseInt).toList();
                    } catch (NumberFormatException e) {
                        throw new UsageException("--calls takes whole numbers like 10,50,100");
                    }
                }
                case "--seconds" -> {
                    if (i + 1 >= args.size()) throw new UsageException("--seconds needs a number");
                    try {
                        seconds = Integer.parseInt(args.get(++i));
                    } catch (NumberFormatException e) {
                        throw new UsageException("--seconds takes a whole number");
                    }
                }
                case "--engine" -> engineOnly = true;
                case "--opus" -> withOpus = true;
                case "--nio" -> nio = true;
                case "--loops" -> {
                    if (i + 1 >= args.size()) throw new UsageException("--loops needs a number");
                    try {
                        loops = Integer.parseInt(args.get(++i));
                    } catch (NumberFormatException e) {
                        throw new UsageException("--loops takes a whole number");
                    }
                    if (loops < 1) throw new UsageException("--loops takes a number of at least 1");
                }
                default -> throw new UsageException("unknown option " + args.get(i));
            }
        }
        if ((withOpus || nio) && !engineOnly) throw new UsageException((nio ? "--nio" : "--opus") + " goes with --engine");
        if (engineOnly) return engineBench(counts, seconds, loops, withOpus, nio, out);
        try {
            // JIT warm-up, not reported: the first figures would otherwise carry compilation cost.
            org.tgari.bench.MediaBench.run(Math.min(10, counts.get(0)), java.time.Duration.ofSeconds(5), System.err);
        } catch (Exception e) {
            out.println("bench warm-up failed: " + e);
            return 1;
        }
        out.printf("%6s %10s %12s %12s %10s %10s %12s %12s %10s%n", "calls", "cpu/call%", "gw cpu/call%", "cpu total%", "frames",
                "late", "rtt p50 ms", "rtt p95 ms", "tg lost");
        for (int n : counts) {
            try {
                var r = org.tgari.bench.MediaBench.run(n, java.time.Duration.ofSeconds(seconds), System.err);
                out.printf("%6d %10.2f %12.2f %12.1f %10d %10d %12.1f %12.1f %10d%n", r.calls(), r.cpuPercentPerCall(),
                        r.gatewayCpuPercentPerCall(), r.cpuPercentTotal(),
                        r.framesReturned(), r.lateArrivals(), r.latencyMedianMs(), r.latencyP95Ms(), r.telegramLost());
            } catch (Exception e) {
                out.println("bench with " + n + " calls failed: " + e);
                return 1;
            }
        }
        return 0;
    }

    private static int lines(List<String> args, PrintStream out) {
        if (args.contains("--help")) {
            out.println("usage: java -jar tgari.jar lines --config FILE");
            return 0;
        }
        if (args.size() != 2 || !args.get(0).equals("--config")) throw new UsageException("lines needs --config FILE");
        var overrides = new HashMap<>(ConfigLoader.readOverrides(Path.of(args.get(1))));
        overrides.put("telegram.mode", "tdlib");
        GatewayConfig config = ConfigLoader.fromMap(overrides);
        var vertx = io.vertx.core.Vertx.vertx(org.tgari.runtime.EventLoopTransport.options());
        var line = org.tgari.telegram.tdlib.TdLines.open(config.telegram(), vertx, config.media().bindHost());
        try {
            var state = line instanceof org.tgari.telegram.tdlib.TdLine td ? td.awaitSettled(java.time.Duration.ofSeconds(15)) : line.state();
            out.println(config.telegram().lineName() + ": " + (state.ready() ? "logged in" : state.reason()));
            // scripts check the status: a line that cannot take calls is not a success
            return state.ready() ? 0 : 1;
        } finally {
            line.close();
            vertx.close();
        }
    }

    private static int engineBench(List<Integer> counts, int seconds, int loops, boolean withOpus, boolean nio, PrintStream out) {
        // engine: the engines' threads only (kernel: its system-call part); process: everything, i.e. also the
        // reflector simulator, GC, JIT.
        out.printf("%6s %10s %14s %10s %15s %13s %15s %13s %14s %9s%n", "calls", "cpu/call%", "engine us/pkt", "kernel us",
                "process us/pkt", "reflector us", withOpus ? "codec in situ" : "codec us/frame", "engine/codec", "process/codec", "packets");
        if (withOpus) out.println("(with --opus: engine us/pkt is the engines' threads minus the codec's own CPU, timed around each call)");
        for (int n : counts) {
            try {
                var r = org.tgari.bench.EngineBench.run(n, loops, java.time.Duration.ofSeconds(seconds), System.err, withOpus, nio);
                out.printf("%6d %10.2f %14.1f %10.1f %15.1f %13.1f %15.1f %12.1f%% %13.1f%% %9d%n", r.calls(), r.cpuPercentPerCall(),
                        r.engineMicrosPerPacket(), r.engineKernelMicrosPerPacket(), r.processMicrosPerPacket(), r.reflectorMicrosPerPacket(),
                        r.codecMicrosPerFrame(),
                        100 * r.engineShareOfCodec(), 100 * r.processShareOfCodec(), r.packetsDelivered());
            } catch (Exception e) {
                out.println("engine bench with " + n + " calls failed: " + e);
                return 1;
            }
        }
        return 0;
    }

    static final class UsageException extends RuntimeException {
        UsageException(String m) { super(m); }
    }
}
