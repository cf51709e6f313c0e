package org.tgari.voip.turn;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.tgari.voip.stun.StunMessage;
import org.tgari.voip.stun.StunMessageBuilder;

/**
 * A real TURN server for tests: Debian's coturn {@code turnserver} on 127.0.0.1, long-term
 * credentials with one user, no TLS, no CLI, its files in a temp directory. CI installs it
 * (scripts/install-interop-tools.sh), so a missing binary fails the test instead of skipping it.
 */
public final class Coturn implements AutoCloseable {
    public static final String REALM = "tgari.test";
    private static final List<String> LOCATIONS = List.of("/usr/bin/turnserver", "/usr/sbin/turnserver", "/usr/local/bin/turnserver");

    private final Process process;
    private final Path dir;
    private final InetSocketAddress address;

    private Coturn(Process process, Path dir, InetSocketAddress address) {
        this.process = process;
        this.dir = dir;
        this.address = address;
    }

    /** Starts turnserver with user {@code user:password}; {@code extra} are more command-line options. */
    public static Coturn start(String user, String password, String... extra) throws Exception {
        String binary = LOCATIONS.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
        if (binary == null) {
            fail("turnserver not found in " + LOCATIONS + ": install Debian's coturn (scripts/install-interop-tools.sh does)");
        }
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Path dir = Files.createTempDirectory("tgari-coturn");
            int port = freeUdpPort();
            List<String> cmd = new ArrayList<>(List.of(binary, "-n", "--no-cli", "--no-tls", "--no-dtls", "--no-tcp-relay",
                    "--listening-ip", "127.0.0.1", "--relay-ip", "127.0.0.1", "--listening-port", Integer.toString(port),
                    "--allow-loopback-peers", "--lt-cred-mech", "--realm", REALM, "--user", user + ":" + password,
                    "--userdb", dir.resolve("turndb").toString(), "--pidfile", dir.resolve("turnserver.pid").toString(),
                    "--log-file", dir.resolve("turn.log").toString(), "--simple-log", "--no-stdout-log"));
            cmd.addAll(List.of(extra));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.txt").toFile()).start();
            var address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            var server = new Coturn(p, dir, address);
            try {
                server.awaitReady();
                return server;
            } catch (IOException e) {
                last = e;
                server.close(); // most likely the port was taken between probing and binding: try another
            }
        }
        throw new IllegalStateException("turnserver did not come up", last);
    }

    public InetSocketAddress address() {
        return address;
    }

    /** Its log, for assertion messages. */
    public String log() {
        try (Stream<Path> files = Files.list(dir)) {
            StringBuilder s = new StringBuilder();
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".log") || f.getFileName().toString().endsWith(".txt")).toList()) {
                s.append(Files.readString(f));
            }
            return s.toString();
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Polls with STUN Binding requests until the server answers, or the deadline passes, or the process dies. */
    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        byte[] tid = new byte[12];
        new SecureRandom().nextBytes(tid);
        byte[] request = StunMessageBuilder.bindingRequest(tid).build(null, false);
        byte[] buf = new byte[1500];
        try (var socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(100);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) throw new IOException("turnserver exited with " + process.exitValue() + ":\n" + log());
                socket.send(new DatagramPacket(request, request.length, address));
                try {
                    var reply = new DatagramPacket(buf, buf.length);
                    socket.receive(reply);
                    if (StunMessage.isStun(buf, 0, reply.getLength())) return;
                } catch (SocketTimeoutException e) {
                    // not listening yet
                }
            }
        }
        throw new IOException("turnserver did not answer STUN on " + address + " within 10 s:\n" + log());
    }

    private static int freeUdpPort() throws IOException {
        try (var s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }
}
