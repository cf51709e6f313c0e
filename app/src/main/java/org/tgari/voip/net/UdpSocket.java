package org.tgari.voip.net;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.internal.ContextInternal;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.tgari.voip.log.LogContext;

/**
 * One non-blocking UDP socket of the per-packet path, used from the event loop of the Vert.x context
 * that opened it. It never wakes the loop: the loop's {@link SocketPoller} reads it, with every other
 * socket of that loop, on one timer. A call's packets then cost no wake-up each, which on virtual
 * machines is what a datagram costs most; the price is up to one poll interval of delay. Sends go
 * straight to a pre-resolved {@link InetSocketAddress} (no name lookup, no promise, one copy). A socket
 * that talks to one server only (a Telegram reflector) is connected to it: the kernel then keeps the
 * route instead of looking it up per datagram, and other senders are filtered out before they cost a read.
 */
public final class UdpSocket implements AutoCloseable {

    /** Receives datagrams on the socket's context; {@code buf} is only valid during the call. */
    public interface Receiver {
        void datagram(InetSocketAddress from, byte[] buf, int off, int len);
    }

    /** Larger than any datagram the engine sends or expects (MTU-sized media, 1600-byte reflector envelopes). */
    public static final int MAX_DATAGRAM = 2048;

    private final ContextInternal context;
    private final DatagramChannel channel;
    private final Receiver receiver;
    private final SocketPoller poller;
    private final InetSocketAddress connectedTo;
    private final LogContext log;
    private final byte[] in = new byte[MAX_DATAGRAM];
    private final ByteBuffer inBuffer = ByteBuffer.wrap(in);
    private final ByteBuffer out = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final Handler<Void> read = v -> readNow();
    private volatile boolean closed;
    private volatile boolean fast;
    private long sendFailures, errors, truncated;

    private UdpSocket(ContextInternal context, DatagramChannel channel, Receiver receiver, SocketPoller poller, InetSocketAddress connectedTo,
                      LogContext log) {
        this.context = context;
        this.log = log;
        this.channel = channel;
        this.receiver = receiver;
        this.poller = poller;
        this.connectedTo = connectedTo;
    }

    /**
     * Opens a socket on the calling context's event loop, bound to {@code host} (an IP literal, else
     * resolved once off the event loop) and an ephemeral port; completes on that context.
     */
    public static Future<UdpSocket> bind(Context vertxContext, String host, Receiver receiver) {
        return bind(vertxContext, host, null, receiver);
    }

    /**
     * As {@link #bind(Context, String, Receiver)}, connected to {@code peer} when not null: it then sends
     * only there ({@link #send(byte[], int, int)}) and hears only from there.
     */
    public static Future<UdpSocket> bind(Context vertxContext, String host, InetSocketAddress peer, Receiver receiver) {
        return bind(vertxContext, host, peer, LogContext.NONE, receiver);
    }

    /**
     * As {@link #bind(Context, String, InetSocketAddress, Receiver)}, for the call {@code log} names: the
     * loop's poller serves many calls, and says which ones when it fails.
     */
    public static Future<UdpSocket> bind(Context vertxContext, String host, InetSocketAddress peer, LogContext log, Receiver receiver) {
        ContextInternal context = (ContextInternal) vertxContext;
        // Received datagrams are handed over synchronously on the loop that read them.
        if (!context.isEventLoopContext()) return Future.failedFuture("UDP sockets need an event-loop context");
        Future<InetAddress> address;
        try {
            address = Future.succeededFuture(InetAddress.ofLiteral(host));
        } catch (IllegalArgumentException notLiteral) {
            address = context.executeBlocking(() -> InetAddress.getByName(host));
        }
        SocketPoller poller = SocketPoller.of(context);
        return address.compose(a -> context.<UdpSocket>future(p -> context.nettyEventLoop().execute(() -> {
            DatagramChannel ch = null;
            try {
                ch = DatagramChannel.open();
                ch.configureBlocking(false);
                ch.bind(new InetSocketAddress(a, 0)); // quick system calls: fine on the loop
                if (peer != null) ch.connect(peer);
                var socket = new UdpSocket(context, ch, receiver, poller, peer, log);
                poller.add(socket, ch);
                p.complete(socket);
            } catch (IOException | RuntimeException e) {
                if (ch != null) {
                    try {
                        ch.close();
                    } catch (IOException ignored) {
                        // the bind failed already; nothing more to release
                    }
                }
                p.fail("cannot bind a UDP socket on " + a.getHostAddress() + ": " + e.getMessage());
            }
        })));
    }

    /** The call this socket serves, as log lines name it. */
    LogContext logContext() {
        return log;
    }

    public int localPort() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Sends {@code buf[off, off+len)} to {@code to}; call on the socket's event loop. A datagram that cannot go is counted. */
    public void send(byte[] buf, int off, int len, InetSocketAddress to) {
        if (to == null || connectedTo != null && to != connectedTo && !connectedTo.equals(to)) {
            sendFailures++; // a connected socket talks to its peer only
            return;
        }
        if (!fill(buf, off, len)) return;
        try {
            int sent = connectedTo != null ? channel.write(out) : channel.send(out, to);
            if (sent == 0) sendFailures++; // the kernel's send buffer is full: dropped, as UDP may
        } catch (IOException | RuntimeException e) {
            errors++; // ICMP errors reported on a later send, an unreachable address: they concern one datagram
        }
    }

    /** Sends {@code buf[off, off+len)} to the peer this socket is connected to. */
    public void send(byte[] buf, int off, int len) {
        send(buf, off, len, connectedTo);
    }

    private boolean fill(byte[] buf, int off, int len) {
        if (closed || len > MAX_DATAGRAM) {
            sendFailures++;
            return false;
        }
        out.clear();
        out.put(buf, off, len).flip();
        return true;
    }

    /** Called by the poller on the socket's event loop when the socket has something: one datagram to the receiver, on the socket's context. */
    void readOne() {
        if (!closed) context.emit(read);
    }

    private void readNow() {
        if (closed) return;
        inBuffer.clear();
        InetSocketAddress from;
        try {
            if (connectedTo != null) {
                if (channel.read(inBuffer) <= 0) return; // nothing (or an empty datagram, which says nothing)
                from = connectedTo;
            } else {
                from = (InetSocketAddress) channel.receive(inBuffer);
                if (from == null) return;
            }
        } catch (IOException | RuntimeException e) {
            errors++; // an ICMP error (the peer's port is closed) or a socket being closed: it concerns one datagram
            return;
        }
        int len = inBuffer.position();
        if (len == MAX_DATAGRAM) {
            truncated++; // longer than anything the engine speaks: the rest was cut off, so it is dropped
            return;
        }
        receiver.datagram(from, in, 0, len);
    }

    /**
     * On the socket's event loop: while {@code on}, datagrams wait at most the poller's set-up step
     * instead of a grid step (a call setting up asks for it, and stops once its media is up).
     */
    public void pollFast(boolean on) {
        if (closed || on == fast) return;
        fast = on;
        poller.pollFast(on);
    }

    /** True while this socket's loop polls at the set-up step (for some socket of it). */
    public boolean loopPollsFast() {
        return poller.pollingFast();
    }

    /** Datagrams not sent, received but too large, and socket errors (ICMP, failed writes). */
    public long failures() {
        return sendFailures + truncated + errors;
    }

    @Override
    public void close() {
        if (closed) return;
        pollFast(false);
        closeChannel();
        poller.remove(this);
    }

    /** Closes the channel only: for the poller, which is closing everything it has. */
    void closeChannel() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            errors++;
        }
    }
}
