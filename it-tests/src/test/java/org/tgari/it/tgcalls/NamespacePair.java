package org.tgari.it.tgcalls;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Two network namespaces of our own joined by one veth pair, as two hosts on a wire: {@link #a()} at
 * 198.18.0.1 and {@link #b()} at 198.18.0.2. The host's own network is not attached, so the addresses
 * cannot clash with anything; native WebRTC ignores loopback, so P2P between two parties needs this.
 * Both ends of the veth are created inside the namespaces (no interface name on the host to collide
 * with parallel test runs). Removed, veth included, on close.
 */
public final class NamespacePair implements AutoCloseable {

    /** One side: its namespace and its address on the wire. */
    public record Side(String namespace, String address) {
        /** {@code command} run inside this namespace. */
        public List<String> exec(List<String> command) {
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
            cmd.addAll(command);
            return cmd;
        }
    }

    private final Side a;
    private final Side b;

    private NamespacePair(Side a, Side b) {
        this.a = a;
        this.b = b;
    }

    public static NamespacePair create() throws IOException, InterruptedException {
        String tag = Long.toString(ProcessHandle.current().pid() % 100000) + "x" + ThreadLocalRandom.current().nextInt(1000);
        var pair = new NamespacePair(new Side("tgari-tgA" + tag, "198.18.0.1"), new Side("tgari-tgB" + tag, "198.18.0.2"));
        try {
            run("ip", "netns", "add", pair.a.namespace());
            run("ip", "netns", "add", pair.b.namespace());
            run("ip", "link", "add", "wire0", "netns", pair.a.namespace(), "type", "veth", "peer", "name", "wire0", "netns", pair.b.namespace());
            for (Side s : List.of(pair.a, pair.b)) {
                run("ip", "-n", s.namespace(), "addr", "add", s.address() + "/24", "dev", "wire0");
                run("ip", "-n", s.namespace(), "link", "set", "wire0", "up");
                run("ip", "-n", s.namespace(), "link", "set", "lo", "up");
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    public Side a() {
        return a;
    }

    public Side b() {
        return b;
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
        }
    }

    @Override
    public void close() {
        for (Side s : List.of(a, b)) {
            try {
                run("ip", "netns", "del", s.namespace()); // the veth goes with the first one
            } catch (IOException | InterruptedException e) {
                // not created, or already gone
            }
        }
    }
}
