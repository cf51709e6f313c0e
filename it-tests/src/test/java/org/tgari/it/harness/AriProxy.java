package org.tgari.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on loopback between tgari and Asterisk's HTTP server, so a test can drop tgari's ARI
 * events WebSocket ({@link #dropEventSockets}) while Asterisk and the REST connections stay up.
 * A connection whose first request asks for {@code /ari/events} is an events socket.
 */
public final class AriProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int upstreamPort;
    private final Set<Socket> eventSockets = ConcurrentHashMap.newKeySet();
    private final Set<Socket> all = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicInteger eventSocketsOpened = new java.util.concurrent.atomic.AtomicInteger();
    private final Thread acceptor;

    private AriProxy(ServerSocket server, int upstreamPort) {
        this.server = server;
        this.upstreamPort = upstreamPort;
        this.acceptor = Thread.ofPlatform().daemon().name("ari-proxy-" + server.getLocalPort()).start(this::acceptLoop);
    }

    /** Relays a free loopback port to {@code upstreamPort} on loopback. */
    public static AriProxy start(int upstreamPort) throws IOException {
        return new AriProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), upstreamPort);
    }

    /** The URL tgari uses instead of Asterisk's. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread.ofVirtual().name("ari-proxy-conn").start(() -> relay(client));
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void relay(Socket client) {
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            all.add(client);
            InputStream in = client.getInputStream();
            byte[] first = new byte[8192];
            int n = in.read(first);
            if (n <= 0) return;
            String head = new String(first, 0, n, StandardCharsets.ISO_8859_1);
            boolean events = head.startsWith("GET ") && head.substring(0, head.indexOf('\n') < 0 ? n : head.indexOf('\n')).contains("/ari/events");
            if (events) {
                eventSockets.add(client);
                eventSocketsOpened.incrementAndGet();
            }
            upstream.getOutputStream().write(first, 0, n);
            Thread back = Thread.ofVirtual().name("ari-proxy-back").start(() -> pump(upstream, client));
            pump(client, upstream);
            back.join();
        } catch (IOException e) {
            // a side went away: both are closed on the way out
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            eventSockets.remove(client);
            all.remove(client);
        }
    }

    // Copies until either side ends, then closes both so the other pump ends too.
    private static void pump(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buf = new byte[16384];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // ends below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** How many events WebSockets were ever opened: one more than before a fault is tgari reconnected. */
    public int eventSocketsOpened() {
        return eventSocketsOpened.get();
    }

    /** How many events WebSockets are open now. */
    public int eventSockets() {
        return eventSockets.size();
    }

    /** Closes every events WebSocket now open (TCP close, no WebSocket close frame); returns how many. */
    public int dropEventSockets() {
        int n = 0;
        for (Socket s : eventSockets) {
            closeQuietly(s);
            n++;
        }
        return n;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        all.forEach(AriProxy::closeQuietly);
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(ServerSocket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
