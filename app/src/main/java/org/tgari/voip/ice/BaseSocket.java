package org.tgari.voip.ice;

import java.net.InetSocketAddress;
import org.tgari.voip.log.CallLogger;
import org.tgari.voip.net.UdpSocket;

/**
 * The polled UDP socket of a host or reflector base: bound on the agent's context (closed at once if
 * the agent closed meanwhile), polled at the set-up step while the call sets up, closed with its base.
 */
final class BaseSocket {
    private final BaseEnvironment env;
    private final String what;
    private UdpSocket socket;
    private boolean closed;

    BaseSocket(BaseEnvironment env, String what) {
        this.env = env;
        this.what = what;
    }

    /** Binds, connected to {@code peer} when that is the only correspondent (may be null); {@code bound} runs once it is. */
    void bind(InetSocketAddress peer, UdpSocket.Receiver receiver, Runnable bound) {
        UdpSocket.bind(env.context(), env.hostAddress(), peer, env.log(), receiver).onSuccess(s -> {
            if (closed || env.agentClosed()) {
                s.close();
                return;
            }
            socket = s;
            if (env.settingUp().getAsBoolean()) s.pollFast(true);
            bound.run();
        }).onFailure(t -> CallLogger.of(BaseSocket.class, env.log()).warn("call {}: {} socket on {} failed: {}", env.call(), what, env.hostAddress(), t.getMessage()));
    }

    boolean isBound() {
        return socket != null;
    }

    int localPort() {
        return socket == null ? 0 : socket.localPort();
    }

    /** False when not bound yet: the caller counts the datagram as dropped. */
    boolean send(byte[] buf, int off, int len, InetSocketAddress to) {
        if (socket == null) return false;
        socket.send(buf, off, len, to);
        return true;
    }

    /** To the peer the socket is connected to; false when not bound yet. */
    boolean send(byte[] buf, int off, int len) {
        if (socket == null) return false;
        socket.send(buf, off, len);
        return true;
    }

    void pollFast(boolean on) {
        if (socket != null) socket.pollFast(on);
    }

    long failures() {
        return socket == null ? 0 : socket.failures();
    }

    void close() {
        closed = true;
        if (socket != null) socket.close();
    }
}
