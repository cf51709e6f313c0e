package org.tgari.voip.ice;

import org.tgari.voip.stun.StunAttribute;
import org.tgari.voip.stun.StunMessage;
import org.tgari.voip.stun.StunMessageBuilder;
import org.tgari.voip.stun.StunParseResult;
import org.tgari.voip.stun.StunParser;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tgari.voip.turn.Coturn;

/** The agent's TURN relay and STUN server-reflexive candidates, against a real coturn on loopback. */
class IceAgentTurnTest {
    private static final String USER = "ice-user";
    private static final String PASSWORD = "ice-pass";
    private static Coturn coturn;

    private Vertx vertx;

    @BeforeAll
    static void startServer() throws Exception {
        coturn = Coturn.start(USER, PASSWORD);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (coturn != null) coturn.close();
    }

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static CallServer.Webrtc turn(String password, boolean stun) {
        return new CallServer.Webrtc(7, "127.0.0.1", "", coturn.address().getPort(), USER, password, true, stun);
    }

    private IceTestParty[] pair(boolean allowP2p, List<CallServer> servers) {
        return IceTestParty.pair(vertx, allowP2p, servers, Duration.ofSeconds(10));
    }

    @Test
    void relayOnlyAgentsConnectThroughTurnAndHideTheirAddress() throws Exception {
        IceTestParty[] s = pair(false, List.of(turn(PASSWORD, true)));
        s[0].agent.start();
        s[1].agent.start();
        assertThat(s[0].settled.get(10, TimeUnit.SECONDS)).isInstanceOf(IceState.Connected.class);
        assertThat(s[1].settled.get(10, TimeUnit.SECONDS)).isInstanceOf(IceState.Connected.class);
        assertThat(((IceState.Connected) s[0].settled.get()).selectedPair()).startsWith("TURN 127.0.0.1:" + coturn.address().getPort() + " relay");
        for (IceTestParty side : s) {
            assertThat(side.candidates).as("P2P off: relay candidates only, no host or srflx")
                    .allSatisfy(c -> assertThat(c.type()).isEqualTo(IceCandidate.Type.RELAY));
            IceCandidate relay = side.candidates.getFirst();
            assertThat(relay.related()).contains(new IceCandidate.Related("0.0.0.0", 0));
            assertThat(relay.priority()).isEqualTo(IcePriority.of(IcePriority.TYPE_RELAY, 65535, 1));
        }
        s[0].agent.send(new byte[] {(byte) 0x80, 1, 2, 3}, 0, 4);
        s[1].agent.send(new byte[] {0x16, 9, 9}, 0, 3);
        assertThat(s[1].data.poll(5, TimeUnit.SECONDS)).containsExactly((byte) 0x80, 1, 2, 3);
        assertThat(s[0].data.poll(5, TimeUnit.SECONDS)).containsExactly((byte) 0x16, 9, 9);
        s[0].agent.close();
        s[1].agent.close();
    }

    @Test
    void withP2pTheRelayIsGatheredButTheHostPairWins() throws Exception {
        IceTestParty[] s = pair(true, List.of(turn(PASSWORD, true)));
        s[0].agent.start();
        s[1].agent.start();
        assertThat(s[0].settled.get(10, TimeUnit.SECONDS)).isInstanceOf(IceState.Connected.class);
        assertThat(((IceState.Connected) s[0].settled.get()).selectedPair()).startsWith("host");
        awaitTrue(() -> s[0].candidates.stream().anyMatch(c -> c.type() == IceCandidate.Type.RELAY), "a relay candidate too");
        IceCandidate relay = s[0].candidates.stream().filter(c -> c.type() == IceCandidate.Type.RELAY).findFirst().orElseThrow();
        // P2P on: the relay candidate names the address the TURN server saw us at (its own socket's, on loopback)
        assertThat(relay.related().orElseThrow().address()).isEqualTo("127.0.0.1");
        assertThat(relay.related().orElseThrow().port()).isPositive();
        // on loopback coturn maps the host socket to itself, and a srflx equal to the host candidate is not signaled
        assertThat(s[0].candidates).noneMatch(c -> c.type() == IceCandidate.Type.SRFLX);
        s[0].agent.close();
        s[1].agent.close();
    }

    @Test
    void aStunServerBehindNatYieldsAServerReflexiveCandidate() throws Exception {
        var requests = new AtomicInteger();
        int stunPort = fakeStunServer(requests, "203.0.113.7");
        var server = new CallServer.Webrtc(9, "127.0.0.1", "", stunPort, "", "", false, true);
        IceTestParty a = new IceTestParty();
        a.agent = new IceAgent(vertx, new IceAgent.Config(true, true, List.of(server), "127.0.0.1", Duration.ofSeconds(10), Duration.ofMillis(20)),
                IceAgent.Credentials.random(), a);
        a.agent.start();
        awaitTrue(() -> a.candidates.stream().anyMatch(c -> c.type() == IceCandidate.Type.SRFLX), "a srflx candidate");
        IceCandidate host = a.candidates.stream().filter(c -> c.type() == IceCandidate.Type.HOST).findFirst().orElseThrow();
        IceCandidate srflx = a.candidates.stream().filter(c -> c.type() == IceCandidate.Type.SRFLX).findFirst().orElseThrow();
        assertThat(srflx.address()).isEqualTo("203.0.113.7");
        assertThat(srflx.port()).isEqualTo(host.port() + 1000);
        assertThat(srflx.related()).contains(new IceCandidate.Related("127.0.0.1", host.port()));
        assertThat(srflx.priority()).isEqualTo(IcePriority.of(IcePriority.TYPE_SERVER_REFLEXIVE, 65535, 1));
        assertThat(IceCandidate.parse(srflx.toSdpString())).isEqualTo(new IceCandidate.Parse.Parsed(srflx));
        assertThat(requests.get()).as("answered at once: no retransmission").isEqualTo(1);
        a.agent.close();
    }

    @Test
    void withoutP2pNoStunServerIsAsked() throws Exception {
        var requests = new AtomicInteger();
        int stunPort = fakeStunServer(requests, "203.0.113.7");
        var stunOnly = new CallServer.Webrtc(9, "127.0.0.1", "", stunPort, "", "", false, true);
        IceTestParty[] s = pair(false, List.of(stunOnly, turn(PASSWORD, false)));
        s[0].agent.start();
        s[1].agent.start();
        assertThat(s[0].settled.get(10, TimeUnit.SECONDS)).isInstanceOf(IceState.Connected.class);
        assertThat(requests.get()).isZero();
        assertThat(s[0].candidates).noneMatch(c -> c.type() == IceCandidate.Type.SRFLX);
        s[0].agent.close();
        s[1].agent.close();
    }

    @Test
    void aWrongTurnPasswordFailsTheAgentAtOnceNamingTurnAuthentication() throws Exception {
        IceTestParty[] s = pair(false, List.of(turn("wrong", false)));
        long t0 = System.nanoTime();
        s[0].agent.start();
        IceState st = s[0].settled.get(5, TimeUnit.SECONDS);
        assertThat(st).isInstanceOf(IceState.Failed.class);
        assertThat(((IceState.Failed) st).reason()).contains("TURN authentication failed").contains(USER);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("long before the 10 s deadline").isLessThan(3000);
        s[0].agent.close();
    }

    /** Answers every Binding request with XOR-MAPPED-ADDRESS {@code ip} and the sender's port + 1000, as a NAT would. */
    private int fakeStunServer(AtomicInteger requests, String ip) throws Exception {
        var socket = vertx.createDatagramSocket();
        socket.handler(p -> {
            byte[] d = p.data().getBytes();
            if (!(StunParser.parse(d, 0, d.length) instanceof StunParseResult.Parsed parsed) || parsed.message().type() != StunMessage.BINDING_REQUEST) return;
            requests.incrementAndGet();
            try {
                byte[] resp = StunMessageBuilder.bindingSuccess(parsed.message().transactionId())
                        .add(new StunAttribute.XorMappedAddress(new InetSocketAddress(InetAddress.getByName(ip), p.sender().port() + 1000)))
                        .build(null, true);
                socket.send(Buffer.buffer(resp), p.sender().port(), p.sender().host());
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        });
        return socket.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).localAddress().port();
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for: " + what);
            TimeUnit.MILLISECONDS.sleep(10); // polling interval of the condition, not synchronisation
        }
    }
}
