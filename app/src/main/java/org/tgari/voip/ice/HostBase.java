package org.tgari.voip.ice;

import java.net.InetSocketAddress;

/** A socket on the local address: host candidates, and the base of server-reflexive ones. */
final class HostBase extends CandidateBase {
    static final long PRIORITY = 2122260224L;

    private final BaseSocket socket;
    private int port;
    private RemoteAddress lastSender;

    HostBase(BaseEnvironment env, BaseEvents events) {
        super(env, events);
        this.socket = new BaseSocket(env, "ICE host");
    }

    @Override
    void open() {
        socket.bind(null, this::onPacket, () -> {
            port = socket.localPort();
            events.localCandidate(IceCandidate.of(Integer.toUnsignedString(("host" + env.hostAddress()).hashCode()), 1, "udp", PRIORITY,
                    env.hostAddress(), port, IceCandidate.Type.HOST));
        });
    }

    /** The bound port, 0 until bound. */
    int port() {
        return port;
    }

    private void onPacket(InetSocketAddress from, byte[] buf, int off, int len) {
        // Media comes from one address: keep its RemoteAddress rather than format the sender's address per packet.
        RemoteAddress r = lastSender;
        if (r == null || !from.equals(r.address())) lastSender = r = RemoteAddress.of(from);
        events.datagram(this, r, buf, off, len);
    }

    @Override
    boolean accepts(IceCandidate remote) {
        return !remote.address().endsWith(".reflector") && remote.address().indexOf(':') < 0 == env.hostAddress().indexOf(':') < 0;
    }

    @Override
    long priority() {
        return PRIORITY;
    }

    @Override
    void send(byte[] buf, int off, int len, RemoteAddress to) {
        // not bound yet, or a name we do not look up
        if (to.address() == null || !socket.send(buf, off, len, to.address())) events.dropped();
    }

    /** Sends to a socket address directly (a STUN server). */
    void sendTo(byte[] buf, int off, int len, InetSocketAddress to) {
        if (!socket.send(buf, off, len, to)) events.dropped();
    }

    @Override
    String describe() {
        return "host " + env.hostAddress() + ":" + port;
    }

    @Override
    void pollFast(boolean on) {
        socket.pollFast(on);
    }

    @Override
    long socketFailures() {
        return socket.failures();
    }

    @Override
    void close() {
        socket.close();
    }
}
