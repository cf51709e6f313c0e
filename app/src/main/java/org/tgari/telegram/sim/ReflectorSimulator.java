package org.tgari.telegram.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.net.SocketAddress;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Stands in for Telegram's UDP reflectors: remembers which address each 16-byte tag (peer-tag prefix
 * plus a party's random R) last spoke from, answers hellos, and forwards data packets unchanged to the
 * address of the tag they are addressed to. Optional seeded loss and delay for impairment tests.
 */
public final class ReflectorSimulator implements AutoCloseable {

    private static final int MAX_TAGS = 4096;

    private final Vertx vertx;
    private final String host;
    private final Random random;
    private final Map<String, SocketAddress> tags = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SocketAddress> eldest) {
            return size() > MAX_TAGS;
        }
    };
    private DatagramSocket socket;
    private volatile double loss;
    private volatile int delayMs, jitterMs;
    private volatile long forwarded, dropped, hellos, unknownDestination;

    public ReflectorSimulator(Vertx vertx, String host, long seed) {
        this.vertx = vertx;
        this.host = host;
        this.random = new Random(seed);
    }

    /** Binds (port 0 picks a free one) and returns the bound port. */
    public Future<Integer> start(int port) {
        socket = vertx.createDatagramSocket();
        socket.handler(this::onPacket);
        return socket.listen(port, host).map(s -> s.localAddress().port());
    }

    /** Drops this fraction of forwarded packets (0..1). */
    public void setLoss(double fraction) {
        this.loss = fraction;
    }

    /** Delays forwarded packets by {@code delayMs} ± {@code jitterMs}. */
    public void setDelay(int delayMs, int jitterMs) {
        this.delayMs = delayMs;
        this.jitterMs = jitterMs;
    }

    private void onPacket(DatagramPacket p) {
        byte[] d = p.data().getBytes();
        if (d.length < 24) return;
        String destination = hex(d, 0, 16);
        boolean hello = d.length >= 29 && allFf(d, 16, 28) && (d[28] & 0xFF) == 0xFE;
        if (hello) {
            hellos++;
            tags.put(destination, p.sender());
            byte[] pong = Arrays.copyOf(d, 32);
            socket.send(Buffer.buffer(pong), p.sender().port(), p.sender().host());
            return;
        }
        // The sender's own tag: the shared 12-byte prefix with its R from bytes 16..19.
        byte[] own = Arrays.copyOf(d, 16);
        System.arraycopy(d, 16, own, 12, 4);
        tags.put(hex(own, 0, 16), p.sender());
        SocketAddress to = tags.get(destination);
        if (to == null) {
            unknownDestination++;
            return;
        }
        if (loss > 0 && random.nextDouble() < loss) {
            dropped++;
            return;
        }
        int delay = Math.max(0, delayMs + (jitterMs > 0 ? random.nextInt(2 * jitterMs + 1) - jitterMs : 0));
        forwarded++;
        if (delay == 0 && delayMs == 0) {
            socket.send(Buffer.buffer(d), to.port(), to.host());
            return;
        }
        // Each packet draws its own delay, so jitter reorders packets sent closer together than it spans,
        // as a real path may; the engine's DTLS guard puts a reordered handshake flight back in order.
        vertx.setTimer(Math.max(1, delay), id -> socket.send(Buffer.buffer(d), to.port(), to.host()));
    }

    private static boolean allFf(byte[] d, int from, int to) {
        for (int i = from; i < to; i++) if ((d[i] & 0xFF) != 0xFF) return false;
        return true;
    }

    private static String hex(byte[] d, int off, int len) {
        return java.util.HexFormat.of().formatHex(d, off, off + len);
    }

    public long forwarded() { return forwarded; }

    public long dropped() { return dropped; }

    public long hellos() { return hellos; }

    public long unknownDestination() { return unknownDestination; }

    @Override
    public void close() {
        if (socket != null) socket.close();
    }
}
