package org.tgari.it.harness;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A test host of our own: a network namespace joined to this one by a veth pair, with addresses from
 * the benchmark range 198.18.0.0/15. Native WebRTC stacks ignore loopback, so an independent peer runs
 * in here and talks to us across the veth. Removed (with its veth) on close.
 */
public final class NetNamespace implements AutoCloseable {

    private final String name;
    private final String hostAddress;
    private final String peerAddress;

    private NetNamespace(String name, String hostAddress, String peerAddress) {
        this.name = name;
        this.hostAddress = hostAddress;
        this.peerAddress = peerAddress;
    }

    public static NetNamespace create() throws IOException, InterruptedException {
        int n = ThreadLocalRandom.current().nextInt(1, 250);
        String name = "tgari-t" + n;
        String a = "tgv" + n + "a", b = "tgv" + n + "b";
        var ns = new NetNamespace(name, "198.18." + n + ".1", "198.18." + n + ".2");
        run("ip", "netns", "add", name);
        try {
            run("ip", "link", "add", a, "type", "veth", "peer", "name", b);
            run("ip", "link", "set", b, "netns", name);
            run("ip", "addr", "add", ns.hostAddress + "/24", "dev", a);
            run("ip", "link", "set", a, "up");
            run("ip", "netns", "exec", name, "ip", "addr", "add", ns.peerAddress + "/24", "dev", b);
            run("ip", "netns", "exec", name, "ip", "link", "set", b, "up");
            run("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
        } catch (IOException | InterruptedException | RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    public String name() {
        return name;
    }

    /** Our side of the veth. */
    public String hostAddress() {
        return hostAddress;
    }

    /** The namespace's side of the veth. */
    public String peerAddress() {
        return peerAddress;
    }

    /** A process builder that runs {@code command} inside the namespace. */
    public ProcessBuilder exec(String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(List.of(command));
        return new ProcessBuilder(cmd);
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
        }
    }

    @Override
    public void close() {
        try {
            run("ip", "netns", "del", name); // takes the veth pair with it
        } catch (IOException | InterruptedException e) {
            // nothing more to release
        }
    }
}
