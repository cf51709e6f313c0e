package org.tgari.voip.ice;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tgari.telegram.sim.ReflectorSimulator;
import org.tgari.voip.engine.CallServer;

/** Two of our agents find each other over loopback host candidates and through a simulated reflector. */
class IceAgentTest {

    private Vertx vertx;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** One side of a test call: its agent and what it reported. */
    private final class Side implements IceAgent.Listener {
        final List<IceCandidate> candidates = new CopyOnWriteArrayList<>();
        final CompletableFuture<IceState> settled = new CompletableFuture<>();
        final LinkedBlockingQueue<byte[]> data = new LinkedBlockingQueue<>();
        Side peer;
        IceAgent agent;

        @Override
        public void localCandidate(IceCandidate c) {
            candidates.add(c);
            // what signaling would do: carry it to the other side as an SDP string
            peer.agent.addRemoteCandidate(((IceCandidate.Parse.Parsed) IceCandidate.parse(c.toSdpString())).candidate());
        }

        @Override
        public void state(IceState s) {
            if (s instanceof IceState.Connected || s instanceof IceState.Failed) settled.complete(s);
        }

        @Override
        public void data(byte[] buf, int off, int len) {
            data.add(java.util.Arrays.copyOfRange(buf, off, off + len));
        }
    }

    private Side[] pair(boolean allowP2p, List<CallServer> servers, Duration failAfter) {
        Side a = new Side(), b = new Side();
        a.peer = b;
        b.peer = a;
        a.agent = new IceAgent(vertx, new IceAgent.Config(true, allowP2p, servers, "127.0.0.1", failAfter, Duration.ofMillis(20)),
                IceAgent.Credentials.random(), a);
        b.agent = new IceAgent(vertx, new IceAgent.Config(false, allowP2p, servers, "127.0.0.1", failAfter, Duration.ofMillis(20)),
                IceAgent.Credentials.random(), b);
        var ca = a.agent.localCredentials();
        var cb = b.agent.localCredentials();
        a.agent.setRemoteCredentials(cb.ufrag(), cb.pwd());
        b.agent.setRemoteCredentials(ca.ufrag(), ca.pwd());
        return new Side[] {a, b};
    }

    private static void exchangeData(Side a, Side b) throws Exception {
        a.agent.send(new byte[] {(byte) 0x80, 1, 2, 3}, 0, 4);
        b.agent.send(new byte[] {0x16, 9, 9}, 0, 3);
        assertThat(b.data.poll(5, TimeUnit.SECONDS)).containsExactly((byte) 0x80, 1, 2, 3);
        assertThat(a.data.poll(5, TimeUnit.SECONDS)).containsExactly((byte) 0x16, 9, 9);
    }

    @Test
    void connectsPeerToPeerOverHostCandidates() throws Exception {
        Side[] s = pair(true, List.of(), Duration.ofSeconds(10));
        s[0].agent.start();
        s[1].agent.start();
        assertThat(s[0].settled.get(10, TimeUnit.SECONDS)).isInstanceOf(IceState.Connected.class);
        assertThat(s[1].settled.get(10, TimeUnit.SECONDS)).isInstanceOf(IceState.Connected.class);
        assertThat(((IceState.Connected) s[0].settled.get()).selectedPair()).startsWith("host");
        exchangeData(s[0], s[1]);
        s[0].agent.close();
        s[1].agent.close();
    }

    @Test
    void connectsThroughAReflectorWhenP2pIsNotAllowed() throws Exception {
        var reflector = new ReflectorSimulator(vertx, "127.0.0.1", 1);
        int port = reflector.start(0).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        byte[] peerTag = new byte[16];
        new java.util.Random(5).nextBytes(peerTag);
        var server = new CallServer.TelegramReflector(77, "127.0.0.1", "", port, peerTag, false);
        Side[] s = pair(false, List.of(server), Duration.ofSeconds(10));
        s[0].agent.start();
        s[1].agent.start();
        assertThat(s[0].settled.get(10, TimeUnit.SECONDS)).isInstanceOf(IceState.Connected.class);
        assertThat(s[1].settled.get(10, TimeUnit.SECONDS)).isInstanceOf(IceState.Connected.class);
        assertThat(s[0].candidates).allMatch(c -> c.type() == IceCandidate.Type.RELAY && c.address().endsWith(".reflector"));
        assertThat(s[0].candidates.get(0).address()).startsWith("reflector-1-");
        exchangeData(s[0], s[1]);
        assertThat(reflector.forwarded()).isPositive();
        s[0].agent.close();
        s[1].agent.close();
        reflector.close();
    }

    @Test
    void failsWhenNothingAnswers() throws Exception {
        var lonely = new Side();
        lonely.peer = new Side();
        lonely.peer.agent = new IceAgent(vertx, new IceAgent.Config(false, true, List.of(), "127.0.0.1", Duration.ofSeconds(1), Duration.ofMillis(20)),
                IceAgent.Credentials.random(), lonely.peer); // never started: candidates go nowhere
        lonely.agent = new IceAgent(vertx, new IceAgent.Config(true, true, List.of(), "127.0.0.1", Duration.ofMillis(300), Duration.ofMillis(20)),
                IceAgent.Credentials.random(), lonely);
        lonely.agent.setRemoteCredentials("abcd", "x".repeat(24));
        lonely.agent.start();
        assertThat(lonely.settled.get(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(IceState.Failed.class,
                f -> assertThat(f.reason()).contains("no connectivity within 300 ms"));
        lonely.agent.close();
    }

    @Test
    void garbageCandidatesAndForgedStunAreCountedNotFatal() throws Exception {
        Side[] s = pair(true, List.of(), Duration.ofSeconds(10));
        s[1].agent.addRemoteCandidate(IceCandidate.of("1", 1, "tcp", 1, "127.0.0.1", 9, IceCandidate.Type.HOST));
        s[1].agent.addRemoteCandidate(IceCandidate.of("1", 1, "udp", 1, "127.0.0.1", 0, IceCandidate.Type.HOST));
        s[0].agent.start();
        s[1].agent.start();
        assertThat(s[0].settled.get(10, TimeUnit.SECONDS)).isInstanceOf(IceState.Connected.class);
        assertThat(s[1].settled.get(10, TimeUnit.SECONDS)).isInstanceOf(IceState.Connected.class);
        assertThat(s[1].agent.stats().badCandidates()).isEqualTo(2);
        exchangeData(s[0], s[1]);
        s[0].agent.close();
        s[1].agent.close();
    }
}
