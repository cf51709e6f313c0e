package org.tgari.voip.ice;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tgari.voip.stun.StunAttribute;
import org.tgari.voip.stun.StunMessage;
import org.tgari.voip.stun.StunMessageBuilder;
import org.tgari.voip.stun.StunParseResult;
import org.tgari.voip.stun.StunParser;

/**
 * One agent against a peer played by plain sockets that lie about where answers come from, or that
 * flood the agent with checks from new addresses (issue 10, input hygiene).
 */
class IceAgentHostileTest {
    private static final String PEER_UFRAG = "peer";
    private static final String PEER_PWD = "peerpasswordpeerpassword";
    private static final byte[] PEER_KEY = StunMessage.shortTermKey(PEER_PWD);

    private Vertx vertx;
    private Context context;
    private final List<DatagramSocket> sockets = new ArrayList<>();

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
    }

    @AfterEach
    void tearDown() throws Exception {
        sockets.forEach(DatagramSocket::close);
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** What the agent under test reports. */
    private static final class Events implements IceAgent.Listener {
        final List<IceCandidate> candidates = new CopyOnWriteArrayList<>();
        final CompletableFuture<IceCandidate> host = new CompletableFuture<>();
        final CompletableFuture<IceCandidate> srflx = new CompletableFuture<>();
        final CompletableFuture<IceState> settled = new CompletableFuture<>();

        @Override
        public void localCandidate(IceCandidate c) {
            candidates.add(c);
            if (c.type() == IceCandidate.Type.HOST) host.complete(c);
            if (c.type() == IceCandidate.Type.SRFLX) srflx.complete(c);
        }

        @Override
        public void state(IceState s) {
            if (s instanceof IceState.Connected || s instanceof IceState.Failed) settled.complete(s);
        }

        @Override
        public void data(byte[] buf, int off, int len) {}
    }

    private DatagramSocket socket() throws Exception {
        var s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        s.setSoTimeout(3000);
        sockets.add(s);
        return s;
    }

    /** An agent made and started on {@link #context}, so that its state can be read there. */
    private IceAgent agent(boolean controlling, List<CallServer> servers, Events events) throws Exception {
        var made = new CompletableFuture<IceAgent>();
        context.runOnContext(v -> {
            var a = new IceAgent(vertx, new IceAgent.Config(controlling, true, servers, "127.0.0.1", Duration.ofSeconds(20), Duration.ofMillis(20)),
                    IceAgent.Credentials.random(), events);
            a.setRemoteCredentials(PEER_UFRAG, PEER_PWD);
            a.start();
            made.complete(a);
        });
        return made.get(5, TimeUnit.SECONDS);
    }

    private <T> T onContext(Supplier<T> read) throws Exception {
        var f = new CompletableFuture<T>();
        context.runOnContext(v -> f.complete(read.get()));
        return f.get(5, TimeUnit.SECONDS);
    }

    private static StunMessage receive(DatagramSocket s, DatagramPacket[] from) throws Exception {
        var p = new DatagramPacket(new byte[2048], 2048);
        s.receive(p);
        if (from != null) from[0] = p;
        return ((StunParseResult.Parsed) StunParser.parse(p.getData(), 0, p.getLength())).message();
    }

    private static void send(DatagramSocket s, byte[] msg, InetSocketAddress to) throws Exception {
        s.send(new DatagramPacket(msg, msg.length, to));
    }

    private static byte[] success(StunMessage request, InetSocketAddress mapped) {
        return StunMessageBuilder.bindingSuccess(request.transactionId()).add(new StunAttribute.XorMappedAddress(mapped)).build(PEER_KEY, true);
    }

    /** A remote candidate at {@code s}'s address, as signaling would bring it. */
    private static IceCandidate candidateAt(DatagramSocket s) {
        return IceCandidate.of("1", 1, "udp", 2122260223L, "127.0.0.1", s.getLocalPort(), IceCandidate.Type.HOST);
    }

    @Test
    void aCheckAnsweredFromAnotherAddressDoesNotValidateThePair() throws Exception {
        var events = new Events();
        IceAgent agent = agent(true, List.of(), events);
        DatagramSocket peer = socket(), elsewhere = socket();
        agent.addRemoteCandidate(candidateAt(peer));
        var agentAddress = new InetSocketAddress("127.0.0.1", events.host.get(5, TimeUnit.SECONDS).port());
        for (int i = 0; i < 6; i++) {
            StunMessage check = receive(peer, null);
            assertThat(check.attribute(StunAttribute.UseCandidate.class)).as("check %d: nominated on an answer from elsewhere", i).isEmpty();
            send(elsewhere, success(check, agentAddress), agentAddress);
        }
        // The genuine answer validates it: the agent, controlling, nominates and connects.
        StunMessage check = receive(peer, null);
        send(peer, success(check, agentAddress), agentAddress);
        StunMessage nomination;
        do {
            nomination = receive(peer, null);
            send(peer, success(nomination, agentAddress), agentAddress);
        } while (nomination.attribute(StunAttribute.UseCandidate.class).isEmpty());
        assertThat(events.settled.get(5, TimeUnit.SECONDS)).isInstanceOf(IceState.Connected.class);
        assertThat(onContext(() -> agent.stats().badStun())).isGreaterThanOrEqualTo(6);
        context.runOnContext(v -> agent.close());
    }

    @Test
    void anErrorFromAnotherAddressDoesNotFailThePair() throws Exception {
        var events = new Events();
        IceAgent agent = agent(true, List.of(), events);
        DatagramSocket peer = socket(), elsewhere = socket();
        agent.addRemoteCandidate(candidateAt(peer));
        var agentAddress = new InetSocketAddress("127.0.0.1", events.host.get(5, TimeUnit.SECONDS).port());
        for (int i = 0; i < 6; i++) {
            StunMessage check = receive(peer, null); // a failed pair would be checked no more: this would time out
            byte[] error = StunMessageBuilder.bindingError(check.transactionId())
                    .add(new StunAttribute.ErrorCode(400, "Bad Request")).build(PEER_KEY, true);
            send(elsewhere, error, agentAddress);
        }
        StunMessage check;
        do {
            check = receive(peer, null);
            send(peer, success(check, agentAddress), agentAddress);
        } while (check.attribute(StunAttribute.UseCandidate.class).isEmpty());
        assertThat(events.settled.get(5, TimeUnit.SECONDS)).isInstanceOf(IceState.Connected.class);
        context.runOnContext(v -> agent.close());
    }

    @Test
    void aStunServersAnswerCountsOnlyFromThatServer() throws Exception {
        var events = new Events();
        DatagramSocket stunServer = socket(), impostor = socket();
        var server = new CallServer.Webrtc(1, "127.0.0.1", "", stunServer.getLocalPort(), "", "", false, true);
        IceAgent agent = agent(true, List.of(server), events);
        DatagramPacket[] from = new DatagramPacket[1];
        StunMessage request = receive(stunServer, from);
        var agentAddress = (InetSocketAddress) from[0].getSocketAddress();
        var forged = new InetSocketAddress("203.0.113.7", 4444);
        var genuine = new InetSocketAddress("198.51.100.9", 5555);
        send(impostor, StunMessageBuilder.bindingSuccess(request.transactionId()).add(new StunAttribute.XorMappedAddress(forged)).build(null, true),
                agentAddress);
        send(stunServer, StunMessageBuilder.bindingSuccess(request.transactionId()).add(new StunAttribute.XorMappedAddress(genuine)).build(null, true),
                agentAddress);
        IceCandidate srflx = events.srflx.get(5, TimeUnit.SECONDS);
        assertThat(srflx.address() + ":" + srflx.port()).isEqualTo("198.51.100.9:5555");
        assertThat(events.candidates).noneMatch(c -> c.address().equals("203.0.113.7"));
        context.runOnContext(v -> agent.close());
    }

    @Test
    void peerReflexivePairsAreCapped() throws Exception {
        var events = new Events();
        IceAgent agent = agent(false, List.of(), events);
        var local = agent.localCredentials();
        byte[] agentKey = StunMessage.shortTermKey(local.pwd());
        var agentAddress = new InetSocketAddress("127.0.0.1", events.host.get(5, TimeUnit.SECONDS).port());
        int senders = 150;
        DatagramSocket first = null;
        for (int i = 0; i < senders; i++) {
            DatagramSocket s = socket();
            if (first == null) first = s;
            byte[] tid = new byte[12];
            tid[0] = (byte) i;
            tid[11] = 1;
            send(s, StunMessageBuilder.bindingRequest(tid).add(new StunAttribute.Username(local.ufrag() + ":" + PEER_UFRAG))
                    .add(new StunAttribute.Priority(1845501695L)).add(new StunAttribute.IceControlling(42)).build(agentKey, true), agentAddress);
        }
        // One more check from a sender the agent knows: its answer comes after the agent has read all of the above.
        byte[] tid = new byte[12];
        tid[11] = 2;
        send(first, StunMessageBuilder.bindingRequest(tid).add(new StunAttribute.Username(local.ufrag() + ":" + PEER_UFRAG))
                .add(new StunAttribute.Priority(1845501695L)).add(new StunAttribute.IceControlling(42)).build(agentKey, true), agentAddress);
        StunMessage answer;
        do {
            answer = receive(first, null);
        } while (!(answer.type() == StunMessage.BINDING_SUCCESS && answer.hasTransactionId(tid)));
        IceStats stats = onContext(agent::stats);
        assertThat(stats.pairs()).isEqualTo(IceAgent.MAX_PEER_REFLEXIVE_PAIRS);
        assertThat(stats.peerReflexiveRefused()).isEqualTo(senders - IceAgent.MAX_PEER_REFLEXIVE_PAIRS);
        context.runOnContext(v -> agent.close());
    }
}
