package org.tgari.voip.ice;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tgari.telegram.sim.ReflectorSimulator;

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

    private IceTestParty[] pair(boolean allowP2p, List<CallServer> servers, Duration failAfter) {
        return IceTestParty.pair(vertx, allowP2p, servers, failAfter);
    }

    private static void exchangeData(IceTestParty a, IceTestParty b) throws Exception {
        a.agent.send(new byte[] {(byte) 0x80, 1, 2, 3}, 0, 4);
        b.agent.send(new byte[] {0x16, 9, 9}, 0, 3);
        assertThat(b.data.poll(5, TimeUnit.SECONDS)).containsExactly((byte) 0x80, 1, 2, 3);
        assertThat(a.data.poll(5, TimeUnit.SECONDS)).containsExactly((byte) 0x16, 9, 9);
    }

    @Test
    void connectsPeerToPeerOverHostCandidates() throws Exception {
        IceTestParty[] s = pair(true, List.of(), Duration.ofSeconds(10));
        s[0].agent.start();
        s[1].agent.start();
        assertThat(s[0].settled.get(10, TimeUnit.SECONDS)).isInstanceOf(IceState.Connected.class);
        assertThat(s[1].settled.get(10, TimeUnit.SECONDS)).isInstanceOf(IceState.Connected.class);
        assertThat(((IceState.Connected) s[0].settled.get()).selectedPair()).startsWith("host");
        exchangeData(s[0], s[1]);
        // Both sides had an answered check before they were connected; the hook fires once each, however many followed.
        for (IceTestParty p : s) {
            assertThat(p.writableRtts).hasSize(1);
            assertThat(p.writableRtts.getFirst()).isBetween(0L, 10_000L);
        }
        s[0].agent.close();
        s[1].agent.close();
    }

    /**
     * The first answered check makes a pair writable before any nomination: the owner hears of it once,
     * and what it sends then goes out on that pair (DTLS starts there, a round trip before the selection).
     */
    @Test
    void aWritablePairIsReportedOnceAndCarriesDataBeforeTheSelection() throws Exception {
        IceTestParty[] s = pair(true, List.of(), Duration.ofSeconds(10));
        s[0].sendWhenWritable = new byte[] {0x16, 1, 2};
        s[0].agent.start();
        s[1].agent.start();
        assertThat(s[0].settled.get(10, TimeUnit.SECONDS)).isInstanceOf(IceState.Connected.class);
        assertThat(s[1].settled.get(10, TimeUnit.SECONDS)).isInstanceOf(IceState.Connected.class);
        assertThat(s[1].data.poll(5, TimeUnit.SECONDS)).containsExactly((byte) 0x16, 1, 2);
        assertThat(s[0].writable).hasSize(1).allMatch(w -> w.startsWith("host") && !w.contains("after") && !w.contains("negative"));
        assertThat(s[1].writable).hasSizeLessThanOrEqualTo(1).noneMatch(w -> w.contains("after"));
        s[0].agent.close();
        s[1].agent.close();
    }

    /** Starts {@code reflector}, then two agents that may only use it (no P2P); returns them connected. */
    private IceTestParty[] connectThrough(ReflectorSimulator reflector) throws Exception {
        int port = reflector.start(0).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        byte[] peerTag = new byte[16];
        new java.util.Random(5).nextBytes(peerTag);
        var server = new CallServer.TelegramReflector(77, "127.0.0.1", "", port, peerTag, false);
        IceTestParty[] s = pair(false, List.of(server), Duration.ofSeconds(10));
        s[0].agent.start();
        s[1].agent.start();
        assertThat(s[0].settled.get(10, TimeUnit.SECONDS)).isInstanceOf(IceState.Connected.class);
        assertThat(s[1].settled.get(10, TimeUnit.SECONDS)).isInstanceOf(IceState.Connected.class);
        return s;
    }

    @Test
    void checksAnswersAndTheNominationGoAtOnceNotAtTheNextTick() throws Exception {
        // A check tick far beyond the test: only checks sent as events happen can connect the pair.
        IceTestParty[] s = IceTestParty.pair(vertx, true, List.of(), Duration.ofSeconds(30), Duration.ofSeconds(20));
        s[0].agent.start();
        s[1].agent.start();
        assertThat(s[0].settled.get(5, TimeUnit.SECONDS)).isInstanceOf(IceState.Connected.class);
        assertThat(s[1].settled.get(5, TimeUnit.SECONDS)).isInstanceOf(IceState.Connected.class);
        s[0].agent.close();
        s[1].agent.close();
    }

    @Test
    void connectsThroughAReflectorWhenP2pIsNotAllowed() throws Exception {
        var reflector = new ReflectorSimulator(vertx, "127.0.0.1", 1);
        IceTestParty[] s = connectThrough(reflector);
        assertThat(s[0].candidates).allMatch(c -> c.type() == IceCandidate.Type.RELAY && c.address().endsWith(".reflector"));
        assertThat(s[0].candidates.get(0).address()).startsWith("reflector-1-");
        exchangeData(s[0], s[1]);
        assertThat(reflector.forwarded()).isPositive();
        s[0].agent.close();
        s[1].agent.close();
        reflector.close();
    }

    /**
     * Through a reflector 100 ms away each way, every check is answered only after the agent has sent
     * further (triggered) checks on the pair. Those answers must still count: once they were rejected as
     * unknown transactions, and a path slower than the check pace connected late or never.
     */
    @Test
    void answersToEarlierChecksCountOnASlowPath() throws Exception {
        var reflector = new ReflectorSimulator(vertx, "127.0.0.1", 1);
        reflector.setDelay(100, 0);
        IceTestParty[] s = connectThrough(reflector);
        exchangeData(s[0], s[1]);
        for (IceTestParty p : s) {
            IceStats st = p.agent.stats();
            assertThat(st.checksSent()).as("a second check went out before the first was answered").isGreaterThanOrEqualTo(2);
            assertThat(st.badStun()).as("no answer was taken for an unknown transaction").isZero();
        }
        s[0].agent.close();
        s[1].agent.close();
        reflector.close();
    }

    @Test
    void failsWhenNothingAnswers() throws Exception {
        var lonely = new IceTestParty();
        lonely.peer = new IceTestParty();
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
        IceTestParty[] s = pair(true, List.of(), Duration.ofSeconds(10));
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
