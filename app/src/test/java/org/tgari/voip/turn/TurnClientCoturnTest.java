package org.tgari.voip.turn;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The TURN client against a real coturn on loopback: two clients relay to each other through it. */
class TurnClientCoturnTest {
    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret-pass";
    private static Coturn coturn;

    private Vertx vertx;
    private Context context;
    private final List<TurnClient> clients = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        coturn = Coturn.start(USER, PASSWORD, "--verbose");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (coturn != null) coturn.close();
    }

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (TurnClient c : clients) context.runOnContext(v -> c.close());
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** A client and what it saw. */
    private final class Probe implements TurnClient.Listener {
        final CompletableFuture<InetSocketAddress> allocated = new CompletableFuture<>();
        final CompletableFuture<String> failed = new CompletableFuture<>();
        final List<String> received = new CopyOnWriteArrayList<>();
        final List<InetSocketAddress> senders = new CopyOnWriteArrayList<>();
        final List<java.net.InetAddress> permitted = new CopyOnWriteArrayList<>();
        TurnClient client;

        Probe(String password, TurnTiming timing) {
            context.runOnContext(v -> {
                client = new TurnClient(vertx, coturn.address(), "127.0.0.1", new TurnCredentials(USER, password), timing, this);
                clients.add(client);
                client.start();
            });
        }

        @Override
        public void allocated(InetSocketAddress relayed, InetSocketAddress mapped) {
            allocated.complete(relayed);
        }

        @Override
        public void data(InetSocketAddress peer, byte[] buf, int off, int len) {
            received.add(new String(buf, off, len, StandardCharsets.UTF_8));
            senders.add(peer);
        }

        @Override
        public void failed(String reason) {
            failed.complete(reason);
        }

        @Override
        public void permitted(java.net.InetAddress peer) {
            permitted.add(peer);
        }

        void send(InetSocketAddress to, String text) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            context.runOnContext(v -> client.send(to, b, 0, b.length));
        }

        void permit(InetSocketAddress peer) {
            context.runOnContext(v -> client.permit(peer));
        }

        TurnStats stats() throws Exception {
            CompletableFuture<TurnStats> f = new CompletableFuture<>();
            context.runOnContext(v -> f.complete(client.stats()));
            return f.get(2, TimeUnit.SECONDS);
        }
    }

    @Test
    void twoClientsAllocateAndRelayBothWaysOverChannels() throws Exception {
        var a = new Probe(PASSWORD, TurnTiming.defaults());
        var b = new Probe(PASSWORD, TurnTiming.defaults());
        InetSocketAddress relayA = a.allocated.get(5, TimeUnit.SECONDS);
        InetSocketAddress relayB = b.allocated.get(5, TimeUnit.SECONDS);
        assertThat(relayA).isNotEqualTo(relayB);
        assertThat(relayA.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        a.permit(relayB);
        b.permit(relayA);
        awaitTrue(() -> a.stats().channelBinds() >= 1 && b.stats().channelBinds() >= 1, "both channels bound");
        for (int i = 0; i < 20; i++) {
            a.send(relayB, "a" + i);
            b.send(relayA, "b" + i);
        }
        awaitTrue(() -> b.received.size() >= 20 && a.received.size() >= 20, "20 datagrams each way");
        assertThat(b.received).contains("a0", "a19");
        assertThat(a.received).contains("b0", "b19");
        assertThat(b.senders).containsOnly(relayA);
        assertThat(a.senders).containsOnly(relayB);
        TurnStats sa = a.stats();
        assertThat(sa.challenges()).as("the first Allocate draws a 401 with realm and nonce").isPositive();
        assertThat(sa.channelDataOut()).as("bound peers get ChannelData").isGreaterThanOrEqualTo(20);
        assertThat(sa.channelDataIn()).isGreaterThanOrEqualTo(20);
        assertThat(sa.rejected()).isZero();
        assertThat(a.permitted).as("told once that the peer's IP may be reached").containsExactly(relayB.getAddress());
    }

    @Test
    void aPeerWithoutAChannelIsReachedByIndicationsUntilItGetsOne() throws Exception {
        var a = new Probe(PASSWORD, TurnTiming.defaults());
        InetSocketAddress relayA = a.allocated.get(5, TimeUnit.SECONDS);
        try (var p1 = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
             var p2 = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            p2.setSoTimeout(5000);
            // The permission is per IP: permitting p1 lets p2 (same IP, no channel) in as well.
            a.permit((InetSocketAddress) p1.getLocalSocketAddress());
            awaitTrue(() -> a.stats().permissions() >= 1 && a.stats().channelBinds() >= 1, "permission and p1's channel");
            byte[] hello = "hello-by-indication".getBytes(StandardCharsets.UTF_8);
            p2.send(new java.net.DatagramPacket(hello, hello.length, relayA));
            awaitTrue(() -> a.received.contains("hello-by-indication"), "p2's datagram reaches A");
            assertThat(a.senders).containsExactly((InetSocketAddress) p2.getLocalSocketAddress());
            assertThat(a.stats().indicationsIn()).isEqualTo(1);

            // The first send to p2 creates its channel binding; until that completes the datagram goes as a Send indication.
            a.send((InetSocketAddress) p2.getLocalSocketAddress(), "reply");
            assertThat(receive(p2)).isEqualTo("reply");
            assertThat(a.stats().indicationsOut()).isEqualTo(1);
            awaitTrue(() -> a.stats().channelBinds() >= 2, "p2's channel bound by housekeeping");
            a.send((InetSocketAddress) p2.getLocalSocketAddress(), "by-channel");
            assertThat(receive(p2)).isEqualTo("by-channel");
            assertThat(a.stats().channelDataOut()).isEqualTo(1);
            assertThat(a.stats().indicationsOut()).isEqualTo(1);
        }
    }

    private static String receive(java.net.DatagramSocket s) throws Exception {
        byte[] buf = new byte[1500];
        var p = new java.net.DatagramPacket(buf, buf.length);
        s.receive(p);
        return new String(buf, 0, p.getLength(), StandardCharsets.UTF_8);
    }

    @Test
    void renewsTheAllocationPermissionsAndChannelsOnTime() throws Exception {
        // Ask for 600 s but refresh 599.5 s early: a Refresh about every half second; permissions and channels every 300 ms.
        var timing = new TurnTiming(Duration.ofMillis(250), 7, 600, Duration.ofMillis(599_500), Duration.ofMillis(300),
                Duration.ofMillis(300), Duration.ofMillis(50));
        var a = new Probe(PASSWORD, timing);
        var b = new Probe(PASSWORD, TurnTiming.defaults());
        InetSocketAddress relayA = a.allocated.get(5, TimeUnit.SECONDS);
        InetSocketAddress relayB = b.allocated.get(5, TimeUnit.SECONDS);
        a.permit(relayB);
        b.permit(relayA);
        awaitTrue(() -> a.stats().refreshes() >= 3 && a.stats().permissions() >= 3 && a.stats().channelBinds() >= 3, "three renewals of each");
        a.send(relayB, "still here");
        awaitTrue(() -> b.received.contains("still here"), "relaying still works after renewals");
        assertThat(a.failed).isNotDone();
        assertThat(a.stats().rejected()).isZero();
    }

    @Test
    void aWrongPasswordFailsWithAReasonNamingTurnAuthentication() throws Exception {
        var a = new Probe("not-the-password", TurnTiming.defaults());
        String reason = a.failed.get(5, TimeUnit.SECONDS);
        assertThat(reason).contains("TURN authentication failed").contains("alice").contains(Coturn.REALM);
        assertThat(a.allocated).isNotDone();
    }

    @Test
    void closeDeletesTheAllocation() throws Exception {
        var a = new Probe(PASSWORD, TurnTiming.defaults());
        a.allocated.get(5, TimeUnit.SECONDS);
        CompletableFuture<Boolean> closed = new CompletableFuture<>();
        context.runOnContext(v -> {
            a.client.close();
            a.client.closed().onComplete(r -> closed.complete(r.result()));
        });
        assertThat(closed.get(5, TimeUnit.SECONDS)).as("the server confirmed Refresh(lifetime 0)").isTrue();
        assertThat(coturn.log()).contains("username=<alice>, lifetime=0");
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        var timing = new TurnTiming(Duration.ofMillis(20), 3, 600, Duration.ofSeconds(60), Duration.ofSeconds(240), Duration.ofSeconds(540),
                Duration.ofSeconds(1));
        var probe = new CompletableFuture<String>();
        context.runOnContext(v -> {
            // a bound socket that never replies
            var silent = vertx.createDatagramSocket();
            silent.listen(0, "127.0.0.1").onSuccess(s -> {
                var c = new TurnClient(vertx, new InetSocketAddress("127.0.0.1", s.localAddress().port()), "127.0.0.1",
                        new TurnCredentials(USER, PASSWORD), timing, new TurnClient.Listener() {
                            @Override
                            public void allocated(InetSocketAddress relayed, InetSocketAddress mapped) {}

                            @Override
                            public void data(InetSocketAddress peer, byte[] buf, int off, int len) {}

                            @Override
                            public void failed(String reason) {
                                probe.complete(reason);
                            }
                        });
                clients.add(c);
                c.start();
            });
        });
        assertThat(probe.get(5, TimeUnit.SECONDS)).contains("did not answer Allocate");
    }

    private static void awaitTrue(ThrowingBooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for: " + what + "\ncoturn log:\n" + coturn.log());
            TimeUnit.MILLISECONDS.sleep(10); // polling interval of the condition, not synchronisation
        }
    }

    @FunctionalInterface
    private interface ThrowingBooleanSupplier {
        boolean getAsBoolean() throws Exception;
    }
}
