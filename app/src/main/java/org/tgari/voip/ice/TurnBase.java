package org.tgari.voip.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.tgari.voip.turn.TurnClient;
import org.tgari.voip.turn.TurnCredentials;
import org.tgari.voip.turn.TurnTiming;

/** A standard TURN/UDP relay (RFC 8656) on a callServerTypeWebrtc server: pairs with any remote IPv4 candidate. */
final class TurnBase extends CandidateBase {
    private final CallServer.Webrtc server;
    private final InetSocketAddress serverAddress;
    private final long priority;
    private final Map<RemoteAddress, InetSocketAddress> peerOf = new HashMap<>();
    private final Map<InetSocketAddress, RemoteAddress> remoteOf = new HashMap<>();
    private TurnClient client;
    private boolean failed;

    TurnBase(BaseEnvironment env, BaseEvents events, CallServer.Webrtc server, InetSocketAddress serverAddress, long priority) {
        super(env, events);
        this.server = server;
        this.serverAddress = serverAddress;
        this.priority = priority;
    }

    @Override
    void open() {
        client = new TurnClient(env.vertx(), serverAddress, env.hostAddress(), new TurnCredentials(server.username(), server.password()),
                TurnTiming.defaults(), env.log(), new TurnClient.Listener() {
                    @Override
                    public void allocated(InetSocketAddress relayed, InetSocketAddress mapped) {
                        if (env.agentClosed()) return;
                        // With P2P off WebRTC hides our own address from the peer: the related address becomes 0.0.0.0:0.
                        var related = env.allowP2p() && mapped != null
                                ? new IceCandidate.Related(mapped.getAddress().getHostAddress(), mapped.getPort())
                                : new IceCandidate.Related("0.0.0.0", 0);
                        String ip = relayed.getAddress().getHostAddress();
                        events.localCandidate(IceCandidate.of(Integer.toUnsignedString(("turn" + serverAddress).hashCode()), 1, "udp",
                                priority, ip, relayed.getPort(), IceCandidate.Type.RELAY, related));
                    }

                    @Override
                    public void data(InetSocketAddress peer, byte[] buf, int off, int len) {
                        RemoteAddress from = remoteOf.computeIfAbsent(peer, RemoteAddress::of);
                        events.datagram(TurnBase.this, from, buf, off, len);
                    }

                    @Override
                    public void failed(String reason) {
                        failed = true;
                        events.transportFailed(TurnBase.this, reason);
                    }

                    @Override
                    public void permitted(InetAddress peer) {
                        events.permitted(TurnBase.this, peer);
                    }
                });
        if (env.settingUp().getAsBoolean()) client.pollFast(true);
        client.start();
    }

    @Override
    boolean accepts(IceCandidate remote) {
        // We ask for the default IPv4 relay; it cannot reach IPv6 peers or Telegram's reflector names.
        return !failed && !remote.address().endsWith(".reflector") && remote.address().indexOf(':') < 0;
    }

    @Override
    long priority() {
        return priority;
    }

    @Override
    boolean failed() {
        return failed;
    }

    @Override
    void pairAdded(RemoteAddress remote) {
        InetSocketAddress peer = peerAddress(remote);
        if (peer != null) client.permit(peer);
    }

    @Override
    void send(byte[] buf, int off, int len, RemoteAddress to) {
        InetSocketAddress peer = peerAddress(to);
        if (peer == null) events.dropped(); // a name we do not look up
        else client.send(peer, buf, off, len);
    }

    private InetSocketAddress peerAddress(RemoteAddress remote) {
        InetSocketAddress a = peerOf.get(remote);
        if (a == null && remote.address() != null) peerOf.put(remote, a = remote.address());
        return a;
    }

    @Override
    String describe() {
        return client.describe();
    }

    @Override
    void pollFast(boolean on) {
        if (client != null) client.pollFast(on);
    }

    @Override
    long socketFailures() {
        return client == null ? 0 : client.socketFailures();
    }

    @Override
    void close() {
        if (client != null) client.close();
    }
}
