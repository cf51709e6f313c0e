package org.tgari.it.harness;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.random.RandomGenerator;

/**
 * The loopback ports one Asterisk instance uses: HTTP (ARI), SIP (UDP) and an RTP range.
 * Chosen per run below Linux's ephemeral range, so that neither parallel runs nor the JVM's own
 * sockets are likely to collide with it.
 */
public record PortBlock(int httpPort, int sipPort, int rtpStart, int rtpEnd) {

    private static final int FIRST_BASE = 11_000;
    private static final int LAST_BASE = 32_000;
    private static final int BLOCK = 200;
    private static final int ATTEMPTS = 50;

    public PortBlock {
        if (httpPort <= 0 || sipPort <= 0 || rtpStart <= 0 || rtpEnd < rtpStart || rtpEnd > 65_535) {
            throw new IllegalArgumentException("bad port block " + httpPort + "/" + sipPort + "/" + rtpStart + "-" + rtpEnd);
        }
    }

    /** Finds a block whose every port is free on 127.0.0.1 right now. */
    public static PortBlock findFree(RandomGenerator random) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int base = FIRST_BASE + random.nextInt((LAST_BASE - FIRST_BASE) / BLOCK) * BLOCK;
            PortBlock candidate = new PortBlock(base, base + 1, base + 10, base + BLOCK - 1);
            if (candidate.allFree()) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free block of " + BLOCK + " loopback ports found in " + ATTEMPTS + " attempts");
    }

    private boolean allFree() {
        if (!LoopbackPorts.tcpFree(httpPort) || !LoopbackPorts.udpFree(sipPort) || !LoopbackPorts.tcpFree(sipPort)) {
            return false;
        }
        for (int port = rtpStart; port <= rtpEnd; port++) {
            if (!LoopbackPorts.udpFree(port)) {
                return false;
            }
        }
        return true;
    }

    /** Probes single loopback ports by binding them briefly. */
    static final class LoopbackPorts {
        private LoopbackPorts() {
        }

        static boolean tcpFree(int port) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        static boolean udpFree(int port) {
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                return socket.isBound();
            } catch (IOException e) {
                return false;
            }
        }

        /** A port the kernel hands out as free for both TCP and UDP on loopback. */
        static int anyFree() {
            for (int attempt = 0; attempt < 20; attempt++) {
                int port;
                try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    port = socket.getLocalPort();
                } catch (IOException e) {
                    throw new IllegalStateException("cannot bind a loopback port", e);
                }
                if (udpFree(port)) {
                    return port;
                }
            }
            throw new IllegalStateException("no port free for both TCP and UDP on loopback");
        }
    }
}
