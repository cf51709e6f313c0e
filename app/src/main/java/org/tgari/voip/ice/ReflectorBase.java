package org.tgari.voip.ice;

import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import org.tgari.voip.reflector.ReflectorCodec;
import org.tgari.voip.reflector.ReflectorHostname;
import org.tgari.voip.reflector.ReflectorPacket;
import org.tgari.voip.reflector.ReflectorTag;

/** Telegram's reflector relay: a custom envelope addressed by tags, hello/keepalive pings, a socket connected to the reflector. */
final class ReflectorBase extends CandidateBase {
    static final long PRIORITY = 24911615L; // tgcalls' reflector candidates carry this
    private static final long HELLO_MS = 500;
    private static final long KEEPALIVE_MS = 10_000;

    private final int serverId;
    private final CallServer.TelegramReflector server;
    private final InetSocketAddress serverAddress;
    private final ReflectorCodec codec;
    private final BaseSocket socket;
    private final byte[] out = new byte[1600];
    private boolean ready;
    private ScheduledFuture<?> helloTimer;
    private RemoteAddress lastSender;

    ReflectorBase(BaseEnvironment env, BaseEvents events, int serverId, CallServer.TelegramReflector server, InetSocketAddress serverAddress) {
        super(env, events);
        this.serverId = serverId;
        this.server = server;
        this.serverAddress = serverAddress;
        this.codec = new ReflectorCodec(ReflectorTag.random(server.peerTag(), env.random()));
        this.socket = new BaseSocket(env, "reflector");
    }

    @Override
    void open() {
        socket.bind(serverAddress, (from, buf, off, len) -> onReflectorPacket(buf, off, len), this::hello);
    }

    private void hello() {
        if (env.agentClosed()) return;
        int n = codec.writeHello(out, 0);
        socket.send(out, 0, n);
        helloTimer = env.timers().once(ready ? KEEPALIVE_MS : HELLO_MS, this::hello);
    }

    private void onReflectorPacket(byte[] d, int off, int len) {
        if (env.agentClosed()) return;
        if (!ready && codec.isFromOurReflector(d, off, len)) {
            ready = true;
            events.localCandidate(IceCandidate.of(Integer.toUnsignedString(("relay" + serverId).hashCode()), 1, "udp", PRIORITY,
                    ReflectorHostname.format(serverId, codec.tag().rUnsigned()), server.port(), IceCandidate.Type.RELAY));
        }
        switch (codec.parse(d, off, len)) {
            case ReflectorPacket.Data data -> events.datagram(this, sender(data.senderR()), d, data.payloadOffset(), data.payloadLength());
            case ReflectorPacket.Pong pong -> { }
            case ReflectorPacket.Rejected r -> events.rejected();
        }
    }

    @Override
    boolean accepts(IceCandidate remote) {
        if (remote.port() != server.port()) return false;
        return ReflectorHostname.parse(remote.address()) instanceof ReflectorHostname.Parse.Parsed p && p.hostname().serverId() == serverId;
    }

    @Override
    long priority() {
        return PRIORITY;
    }

    /** The peer behind R; the same object while the same peer talks, as it does all call long. */
    private RemoteAddress sender(int senderR) {
        RemoteAddress r = lastSender;
        if (r == null || r.reflectorR() != senderR) {
            lastSender = r = RemoteAddress.of(ReflectorHostname.format(serverId, Integer.toUnsignedLong(senderR)), server.port());
        }
        return r;
    }

    @Override
    void send(byte[] buf, int off, int len, RemoteAddress to) {
        if (to.reflectorR() == 0 || !socket.isBound() || ReflectorCodec.dataLength(len) > out.length) {
            events.dropped();
            return;
        }
        int n = codec.writeData(out, 0, to.reflectorR(), buf, off, len);
        socket.send(out, 0, n);
    }

    /** Through a reflector the peer's address is a synthetic name; tgcalls reports the reflector's own. */
    @Override
    InetSocketAddress mappedAddressOf(RemoteAddress from) {
        return serverAddress;
    }

    @Override
    String describe() {
        return "reflector " + serverId + " (" + serverAddress.getAddress().getHostAddress() + ":" + server.port() + ")";
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
        if (helloTimer != null) helloTimer.cancel(false);
        socket.close();
    }
}
