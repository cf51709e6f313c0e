package org.tgari.voip.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine's UDP socket against a plain JDK socket on loopback. */
class UdpSocketTest {

    private Vertx vertx;
    private DatagramSocket peer;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        peer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        peer.setSoTimeout(5000);
    }

    @AfterEach
    void tearDown() throws Exception {
        peer.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private record Received(Thread thread, Context context, InetSocketAddress from, byte[] data) {}

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private UdpSocket bind(Context context, LinkedBlockingQueue<Received> into) throws Exception {
        return await(Future.<UdpSocket>future(p -> context.runOnContext(v -> UdpSocket.bind(context, "127.0.0.1",
                (from, buf, off, len) -> into.add(new Received(Thread.currentThread(), Vertx.currentContext(), from,
                        Arrays.copyOfRange(buf, off, off + len)))).onComplete(p))));
    }

    @Test
    void sendsToAResolvedAddressAndDeliversOnItsOwnContext() throws Exception {
        Context context = vertx.getOrCreateContext();
        var received = new LinkedBlockingQueue<Received>();
        UdpSocket socket = bind(context, received);
        var peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();

        byte[] payload = {1, 2, 3, 4, 5, 6, 7};
        context.runOnContext(v -> socket.send(payload, 2, 4, peerAddress));
        var in = new DatagramPacket(new byte[64], 64);
        peer.receive(in);
        assertThat(Arrays.copyOfRange(in.getData(), 0, in.getLength())).containsExactly(3, 4, 5, 6);
        assertThat(in.getPort()).isEqualTo(socket.localPort());

        for (int i = 0; i < 3; i++) {
            byte[] reply = {(byte) i, 9, 9};
            peer.send(new DatagramPacket(reply, reply.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.localPort())));
        }
        for (int i = 0; i < 3; i++) {
            Received r = received.poll(5, TimeUnit.SECONDS);
            assertThat(r).isNotNull();
            assertThat(r.data()).containsExactly(i, 9, 9); // the reused array was copied before the next one came
            assertThat(r.context()).as("delivered inside the socket's context").isSameAs(context);
            assertThat(r.from()).isEqualTo(peerAddress);
        }
        assertThat(socket.failures()).isZero();
        context.runOnContext(v -> socket.close());
    }

    @Test
    void pollsFastWhileASocketOfTheLoopAsksAndStopsWhenTheLastOneStopsOrCloses() throws Exception {
        Context context = vertx.getOrCreateContext();
        UdpSocket a = bind(context, new LinkedBlockingQueue<>());
        UdpSocket b = bind(context, new LinkedBlockingQueue<>());
        assertThat(onLoop(context, a::loopPollsFast)).isFalse();
        assertThat(onLoop(context, () -> {
            a.pollFast(true);
            b.pollFast(true);
            a.pollFast(true); // asking twice counts once
            a.pollFast(false);
            return a.loopPollsFast();
        })).as("b still sets up").isTrue();
        assertThat(onLoop(context, () -> {
            b.close();
            return a.loopPollsFast();
        })).as("closing b ended its fast polling").isFalse();

        var received = new LinkedBlockingQueue<Received>();
        UdpSocket c = bind(context, received);
        context.runOnContext(v -> c.pollFast(true));
        byte[] hello = {7};
        peer.send(new DatagramPacket(hello, 1, new InetSocketAddress(InetAddress.getLoopbackAddress(), c.localPort())));
        assertThat(received.poll(5, TimeUnit.SECONDS)).as("a fast-polled socket still delivers").isNotNull();
        context.runOnContext(v -> {
            a.close();
            c.close();
        });
    }

    @Test
    void countsADatagramTooLargeToSendAndKeepsWorking() throws Exception {
        Context context = vertx.getOrCreateContext();
        UdpSocket socket = bind(context, new LinkedBlockingQueue<>());
        var peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
        byte[] big = new byte[UdpSocket.MAX_DATAGRAM + 1];
        await(Future.<Void>future(p -> context.runOnContext(v -> {
            socket.send(big, 0, big.length, peerAddress);
            socket.send(new byte[] {42}, 0, 1, peerAddress);
            p.complete();
        })));
        var in = new DatagramPacket(new byte[64], 64);
        peer.receive(in);
        assertThat(in.getLength()).isEqualTo(1);
        assertThat(in.getData()[0]).isEqualTo((byte) 42);
        assertThat(socket.failures()).isEqualTo(1);
        context.runOnContext(v -> socket.close());
    }

    @Test
    void refusesAWorkerContext() throws Exception {
        Context worker = ((io.vertx.core.internal.VertxInternal) vertx).createWorkerContext();
        var failed = UdpSocket.bind(worker, "127.0.0.1", (from, buf, off, len) -> { });
        assertThat(failed.toCompletionStage().toCompletableFuture().handle((s, t) -> t).get(5, TimeUnit.SECONDS))
                .hasMessageContaining("event-loop context");
    }

    private static <T> T onLoop(Context context, java.util.function.Supplier<T> what) throws Exception {
        return await(Future.<T>future(p -> context.runOnContext(v -> p.complete(what.get()))));
    }

    @Test
    void theSocketsOfOneLoopShareOnePollerThatDrainsBurstsInOrderAndForgetsClosedSockets() throws Exception {
        Context context = vertx.getOrCreateContext();
        var received = new LinkedBlockingQueue<Received>();
        UdpSocket a = bind(context, received);
        UdpSocket b = bind(context, new LinkedBlockingQueue<>());
        SocketPoller poller = SocketPoller.of((io.vertx.core.internal.ContextInternal) context);
        assertThat(onLoop(context, poller::sockets)).isEqualTo(2);
        assertThat(SocketPoller.of((io.vertx.core.internal.ContextInternal) vertx.getOrCreateContext())).isSameAs(poller);

        // more than one poll takes from a socket at a time: the rest comes with the next poll, in order
        int n = SocketPoller.MAX_ROUNDS + 36;
        var to = new InetSocketAddress(InetAddress.getLoopbackAddress(), onLoop(context, a::localPort));
        for (int i = 0; i < n; i++) peer.send(new DatagramPacket(new byte[] {(byte) i}, 1, to));
        for (int i = 0; i < n; i++) {
            Received r = received.poll(5, TimeUnit.SECONDS);
            assertThat(r).as("datagram %d", i).isNotNull();
            assertThat(r.data()).containsExactly((byte) i);
            assertThat(r.context()).isSameAs(context);
        }
        a.close();
        b.close();
        assertThat(onLoop(context, poller::sockets)).isZero();
    }

    @Test
    void aConnectedSocketTalksToItsPeerOnlyAndReleasesItsPortWhenClosed() throws Exception {
        Context context = vertx.getOrCreateContext();
        var received = new LinkedBlockingQueue<Received>();
        var peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
        UdpSocket stays = bind(context, new LinkedBlockingQueue<>()); // keeps the loop's poller (and its selector) alive
        UdpSocket socket = await(Future.<UdpSocket>future(p -> context.runOnContext(v -> UdpSocket.bind(context, "127.0.0.1", peerAddress,
                (from, buf, off, len) -> received.add(new Received(Thread.currentThread(), Vertx.currentContext(), from,
                        Arrays.copyOfRange(buf, off, off + len)))).onComplete(p))));
        int port = onLoop(context, socket::localPort);

        context.runOnContext(v -> {
            socket.send(new byte[] {7, 8}, 0, 2);
            socket.send(new byte[] {9}, 0, 1, new InetSocketAddress(InetAddress.getLoopbackAddress(), 9)); // not its peer
        });
        var in = new DatagramPacket(new byte[64], 64);
        peer.receive(in);
        assertThat(Arrays.copyOfRange(in.getData(), 0, in.getLength())).containsExactly(7, 8);

        var to = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try (var stranger = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            stranger.send(new DatagramPacket(new byte[] {1}, 1, to)); // filtered by the kernel
        }
        peer.send(new DatagramPacket(new byte[] {2}, 1, to));
        Received r = received.poll(5, TimeUnit.SECONDS);
        assertThat(r).isNotNull();
        assertThat(r.data()).as("only the peer is heard").containsExactly((byte) 2);
        assertThat(r.from()).isEqualTo(peerAddress);
        assertThat(onLoop(context, socket::failures)).as("the send to another address").isEqualTo(1);

        context.runOnContext(v -> socket.close());
        // The descriptor goes with the poller's next selection; binding the port again shows it went.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        DatagramSocket again = null;
        while (again == null) {
            try {
                again = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            } catch (java.net.BindException stillBound) {
                assertThat(System.nanoTime()).as("port %d released", port).isLessThan(deadline);
                Thread.onSpinWait();
            }
        }
        again.close();
        assertThat(received.poll()).as("nothing after the one datagram from the peer").isNull();
        context.runOnContext(v -> stays.close());
    }

    @Test
    void closingVertxClosesTheSocketsItsOwnersLeftOpen() throws Exception {
        Vertx own = Vertx.vertx();
        Context context = own.getOrCreateContext();
        UdpSocket forgotten = bind(context, new LinkedBlockingQueue<>());
        int port = onLoop(context, forgotten::localPort);
        own.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        try (var again = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            assertThat(again.getLocalPort()).as("the port was released with its Vert.x").isEqualTo(port);
        }
    }
}
