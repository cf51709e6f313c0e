package org.tgari.voip.ice;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One UDP socket for the per-packet path, registered on the Netty event loop of the Vert.x context that
 * opens it, so it is used from that context's thread only. Unlike Vert.x's {@code DatagramSocket} it
 * sends to a pre-resolved {@link InetSocketAddress} (no name lookup, promise or listener per packet,
 * one copy into a pooled direct buffer) and hands received datagrams over in one reused array.
 */
final class UdpSocket implements AutoCloseable {

    /** Receives datagrams on the socket's context; {@code buf} is only valid during the call. */
    interface Receiver {
        void datagram(InetSocketAddress from, byte[] buf, int off, int len);
    }

    /** Larger than any datagram the engine sends or expects (MTU-sized media, 1600-byte reflector envelopes). */
    static final int MAX_DATAGRAM = 2048;

    private final ContextInternal context;
    private final DatagramChannel channel;
    private final Receiver receiver;
    private final byte[] in = new byte[MAX_DATAGRAM];
    private final Handler<DatagramPacket> deliver = this::deliver;
    private long sendFailures, oversized, errors;

    private UdpSocket(ContextInternal context, Receiver receiver) {
        this.context = context;
        this.receiver = receiver;
        this.channel = context.owner().transport().datagramChannel();
        // One datagram per readiness event: media comes a packet at a time, and reading on until the socket
        // is empty cost a failed recvfrom for almost every packet; a backlog still drains, a loop round each.
        channel.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(MAX_DATAGRAM).maxMessagesPerRead(1));
        channel.pipeline().addLast(new SimpleChannelInboundHandler<DatagramPacket>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                context.emit(packet, deliver);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                // ICMP errors and failed writes of a connectionless socket concern one datagram only.
                errors++;
            }
        });
    }

    /**
     * Opens a socket on the calling context (or a new one) bound to {@code host} (an IP literal, else
     * resolved once off the event loop) and an ephemeral port; completes on that context.
     */
    static Future<UdpSocket> bind(Context vertxContext, String host, Receiver receiver) {
        ContextInternal context = (ContextInternal) vertxContext;
        // Received datagrams are handed over synchronously on the loop that read them.
        if (!context.isEventLoopContext()) return Future.failedFuture("UDP sockets need an event-loop context");
        Future<InetAddress> address;
        try {
            address = Future.succeededFuture(InetAddress.ofLiteral(host));
        } catch (IllegalArgumentException notLiteral) {
            address = context.executeBlocking(() -> InetAddress.getByName(host));
        }
        return address.compose(a -> {
            var socket = new UdpSocket(context, receiver);
            PromiseInternal<Void> registered = context.promise();
            context.nettyEventLoop().register(socket.channel).addListener(registered);
            return registered.future().compose(v -> {
                PromiseInternal<Void> bound = context.promise();
                socket.channel.bind(new InetSocketAddress(a, 0)).addListener(bound);
                return bound.future().map(socket).onFailure(t -> socket.close());
            });
        });
    }

    int localPort() {
        return channel.localAddress().getPort();
    }

    /** Sends {@code buf[off, off+len)}; call on the socket's context. A datagram that cannot go is counted. */
    void send(byte[] buf, int off, int len, InetSocketAddress to) {
        if (len > MAX_DATAGRAM || !channel.isActive()) {
            sendFailures++;
            return;
        }
        ByteBuf out = channel.alloc().directBuffer(len, len);
        out.writeBytes(buf, off, len);
        channel.writeAndFlush(new DatagramPacket(out, to), channel.voidPromise());
    }

    private void deliver(DatagramPacket packet) {
        ByteBuf content = packet.content();
        int len = content.readableBytes();
        if (len > in.length) {
            oversized++;
            return;
        }
        content.getBytes(content.readerIndex(), in, 0, len);
        receiver.datagram(packet.sender(), in, 0, len);
    }

    /** Datagrams not sent, received but too large, and socket errors (ICMP, failed writes). */
    long failures() {
        return sendFailures + oversized + errors;
    }

    @Override
    public void close() {
        channel.close();
    }
}
