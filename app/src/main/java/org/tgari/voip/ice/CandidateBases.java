package org.tgari.voip.ice;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.tgari.voip.log.CallLogger;

/**
 * The bases of one agent, made from the call's servers: a host base when P2P is allowed, a reflector
 * base per UDP Telegram reflector, a TURN base per TURN server; and the STUN servers to ask for the
 * host socket's public address (only when P2P is allowed, because tgcalls then sends relay candidates
 * alone, no reflexive ones). Servers without an IP literal address are skipped and counted.
 */
final class CandidateBases {
    private final List<CandidateBase> all = new ArrayList<>();
    private final List<InetSocketAddress> stunServers = new ArrayList<>();
    private int unusableServers;

    CandidateBases(IceAgent.Config config, BaseEnvironment env, BaseEvents events) {
        if (config.allowP2p()) all.add(new HostBase(env, events));
        addReflectors(config, env, events);
        addWebrtcServers(config, env, events);
    }

    private void addReflectors(IceAgent.Config config, BaseEnvironment env, BaseEvents events) {
        int reflectorIndex = 0;
        var reflectors = config.servers().stream().filter(s -> s instanceof CallServer.TelegramReflector)
                .map(s -> (CallServer.TelegramReflector) s).sorted(Comparator.comparingLong(CallServer::id)).toList();
        for (var r : reflectors) {
            // tgcalls numbers all reflectors 1..n by ascending server id (both parties see the same
            // list) and keeps the number in one byte; TCP reflectors count but are not used.
            reflectorIndex++;
            if (reflectorIndex > 255) break;
            if (r.isTcp()) continue;
            String ip = r.ipAddress() != null && !r.ipAddress().isEmpty() ? r.ipAddress() : r.ipv6Address();
            if (ip == null || ip.isEmpty()) continue;
            InetSocketAddress address = RemoteAddress.literal(ip, r.port());
            if (address == null) {
                CallLogger.of(CandidateBases.class, config.log()).warn("call {}: reflector {} has no IP literal address ({}); skipped", config.callName(), r.id(), ip);
                continue;
            }
            all.add(new ReflectorBase(env, events, reflectorIndex, r, address));
        }
    }

    private void addWebrtcServers(IceAgent.Config config, BaseEnvironment env, BaseEvents events) {
        int turnIndex = 0;
        for (CallServer s : config.servers()) {
            if (!(s instanceof CallServer.Webrtc w)) continue;
            InetSocketAddress address = RemoteAddress.literal(w.ipAddress() != null && !w.ipAddress().isEmpty() ? w.ipAddress() : w.ipv6Address(),
                    w.port());
            if (address == null) {
                unusableServers++;
                continue;
            }
            if (w.supportsTurn() && w.username() != null && !w.username().isEmpty() && turnIndex < 255) {
                all.add(new TurnBase(env, events, w, address, IcePriority.of(IcePriority.TYPE_RELAY, 65535 - turnIndex++, 1)));
            }
            if (w.supportsStun() && config.allowP2p()) stunServers.add(address);
        }
    }

    List<CandidateBase> all() {
        return all;
    }

    List<InetSocketAddress> stunServers() {
        return stunServers;
    }

    /** Servers given without an IP literal address. */
    int unusableServers() {
        return unusableServers;
    }

    /** The host base once its socket is bound, else null. */
    HostBase boundHost() {
        for (CandidateBase b : all) if (b instanceof HostBase h && h.port() != 0) return h;
        return null;
    }

    /** True when every base has given up (only TURN bases can, so a call with another base never gets here). */
    boolean allFailed() {
        return all.stream().allMatch(CandidateBase::failed);
    }

    void open() {
        all.forEach(CandidateBase::open);
    }

    void pollFast(boolean on) {
        all.forEach(b -> b.pollFast(on));
    }

    long socketFailures() {
        long n = 0;
        for (CandidateBase b : all) n += b.socketFailures();
        return n;
    }

    void close() {
        all.forEach(CandidateBase::close);
    }
}
