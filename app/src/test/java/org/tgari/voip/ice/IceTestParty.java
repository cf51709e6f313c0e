package org.tgari.voip.ice;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/** One side of a test call: its agent, and what it reported. Candidates reach the peer as signaling would carry them. */
final class IceTestParty implements IceAgent.Listener {
    final List<IceCandidate> candidates = new CopyOnWriteArrayList<>();
    final CompletableFuture<IceState> settled = new CompletableFuture<>();
    final LinkedBlockingQueue<byte[]> data = new LinkedBlockingQueue<>();
    /** Each writable() report: the pair, and whether the agent had already settled then. */
    final List<String> writable = new CopyOnWriteArrayList<>();
    /** Sent from writable(), before any nomination, when set. */
    volatile byte[] sendWhenWritable;
    /** Round trips reported by {@link #writable}: one entry, once a pair has been answered. */
    final List<Long> writableRtts = new CopyOnWriteArrayList<>();
    IceTestParty peer;
    IceAgent agent;

    @Override
    public void localCandidate(IceCandidate c) {
        candidates.add(c);
        // what signaling would do: carry it to the other side as an SDP string
        if (peer != null) peer.agent.addRemoteCandidate(((IceCandidate.Parse.Parsed) IceCandidate.parse(c.toSdpString())).candidate());
    }

    @Override
    public void state(IceState s) {
        if (s instanceof IceState.Connected || s instanceof IceState.Failed) settled.complete(s);
    }

    @Override
    public void writable(CandidatePair pair, long rttMs) {
        writable.add(pair.describe() + (settled.isDone() ? " after settling" : "") + (rttMs < 0 ? " negative rtt" : ""));
        writableRtts.add(rttMs);
        byte[] d = sendWhenWritable;
        if (d != null) agent.send(d, 0, d.length);
    }

    @Override
    public void data(byte[] buf, int off, int len) {
        data.add(Arrays.copyOfRange(buf, off, off + len));
    }

    /** A controlling and a controlled agent on loopback that know each other's credentials; not started. */
    static IceTestParty[] pair(Vertx vertx, boolean allowP2p, List<CallServer> servers, Duration failAfter) {
        return pair(vertx, allowP2p, servers, failAfter, Duration.ofMillis(20));
    }

    /** As above, with the agents' check tick every {@code checkInterval}. */
    static IceTestParty[] pair(Vertx vertx, boolean allowP2p, List<CallServer> servers, Duration failAfter, Duration checkInterval) {
        IceTestParty a = new IceTestParty(), b = new IceTestParty();
        a.peer = b;
        b.peer = a;
        a.agent = new IceAgent(vertx, new IceAgent.Config(true, allowP2p, servers, "127.0.0.1", failAfter, checkInterval),
                IceAgent.Credentials.random(), a);
        b.agent = new IceAgent(vertx, new IceAgent.Config(false, allowP2p, servers, "127.0.0.1", failAfter, checkInterval),
                IceAgent.Credentials.random(), b);
        var ca = a.agent.localCredentials();
        var cb = b.agent.localCredentials();
        a.agent.setRemoteCredentials(cb.ufrag(), cb.pwd());
        b.agent.setRemoteCredentials(ca.ufrag(), ca.pwd());
        return new IceTestParty[] {a, b};
    }
}
