package org.tgari.voip.ice;

import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tgari.media.clock.GridTimers;
import org.tgari.voip.SetupTimeline;
import org.tgari.voip.net.ContextThread;
import org.tgari.voip.net.UdpSocket;
import org.tgari.voip.reflector.ReflectorCodec;
import org.tgari.voip.reflector.ReflectorHostname;
import org.tgari.voip.reflector.ReflectorPacket;
import org.tgari.voip.reflector.ReflectorTag;
import org.tgari.voip.stun.StunAttribute;
import org.tgari.voip.stun.StunMessage;
import org.tgari.voip.stun.StunMessageBuilder;
import org.tgari.voip.stun.StunParseResult;
import org.tgari.voip.stun.StunParser;
import org.tgari.voip.turn.TurnClient;
import org.tgari.voip.turn.TurnCredentials;
import org.tgari.voip.turn.TurnTiming;

/**
 * A compact full ICE agent (RFC 8445, one component) for tgcalls calls: host candidates, and
 * server-reflexive ones learned from STUN servers, when P2P is allowed; Telegram reflector relay
 * candidates always (their own envelope, paired only with the peer's candidate of the same server);
 * TURN relay candidates from every TURN server given; connectivity checks with short-term
 * credentials, regular nomination by the controlling side, consent keepalives, and failure when
 * nothing connects in time. Everything runs on the Vert.x context that created the agent.
 */
public final class IceAgent implements AutoCloseable {

    /** @param hostAddress the local address for host candidates (and reflector sockets) */
    public record Config(boolean controlling, boolean allowP2p, List<CallServer> servers, String hostAddress,
                         Duration failAfter, Duration checkInterval) {
        public Config {
            servers = List.copyOf(servers);
        }
    }

    /** Short-term ICE credentials: ufrag of 4 and pwd of 24 ICE characters. */
    public record Credentials(String ufrag, String pwd) {
        private static final char[] ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

        public static Credentials random() {
            var r = new SecureRandom();
            return new Credentials(token(r, 4), token(r, 24));
        }

        private static String token(SecureRandom r, int n) {
            char[] c = new char[n];
            for (int i = 0; i < n; i++) c[i] = ICE_CHARS[r.nextInt(ICE_CHARS.length)];
            return new String(c);
        }
    }

    /** Callbacks, all on the agent's context. */
    public interface Listener {
        void localCandidate(IceCandidate candidate);

        void state(IceState state);

        /** A non-STUN datagram (DTLS, SRTP, SRTCP) from a validated remote. */
        void data(byte[] buf, int off, int len);
    }

    private static final Logger log = LoggerFactory.getLogger(IceAgent.class);
    private static final long HOST_PRIORITY = 2122260224L;
    private static final long RELAY_PRIORITY = 24911615L; // tgcalls' reflector candidates carry this
    private static final long SRFLX_PRIORITY = IcePriority.of(IcePriority.TYPE_SERVER_REFLEXIVE, 65535, 1);
    private static final long RETRANSMIT_MS = 200;
    /**
     * A pair's first checks, and the nomination, are resent sooner than {@link #RETRANSMIT_MS}, as WebRTC
     * pings a pair that is not yet writable every 48 ms: on a relayed path the first check often dies at
     * the peer's TURN server, which lets it through only once the peer has asked for a permission, and
     * until one is answered the call has no path. (Through a reflector one lost nomination held set-up
     * for 200 ms more.) After a few, a pair that stays silent is slow or dead, and the usual pace applies.
     */
    private static final long EARLY_RETRANSMIT_MS = 50;
    private static final int EARLY_SENDS = 5;
    private static final int MAX_CHECKS_PER_PAIR = 60;
    private static final long KEEPALIVE_MS = 2500;
    /** How long a check's answer is awaited: well above any round trip through Telegram's reflectors. */
    private static final long TRANSACTION_TIMEOUT_MS = 5000;
    private static final long CONSENT_TIMEOUT_MS = 30_000;
    private static final int MAX_REMOTE_CANDIDATES = 64;
    /** Fast socket polling ends by then even if the call never sets up (it may wait for the peer for long). */
    private static final long FAST_POLL_LIMIT_MS = 3000;
    private static final InetAddress ANY = anyAddress();

    private static InetAddress anyAddress() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private final Vertx vertx;
    private final Context context;
    private final ContextThread onContextThread;
    private final Config config;
    private final Credentials local;
    private final Listener listener;
    private final SetupTimeline timeline;
    private final SecureRandom random = new SecureRandom();
    private final long tieBreaker = random.nextLong();
    private final byte[] localKey;
    private boolean controlling;

    private final List<Base> bases = new ArrayList<>();
    private final List<IceCandidate> pendingRemote = new ArrayList<>();
    private final List<IceCandidate> remotes = new ArrayList<>();
    private final List<Pair> pairs = new ArrayList<>();
    private final Map<String, Transaction> byTransaction = new HashMap<>();
    private String remoteUfrag;
    private byte[] remoteKey;
    private Pair selected;
    private IceState state = new IceState.Gathering();
    private long checkTimer = -1, failTimer = -1;
    private ScheduledFuture<?> keepaliveTimer;
    private final GridTimers timers;
    private ServerReflexiveGatherer srflx;
    private final List<String> transportFailures = new ArrayList<>();
    private long lastConsentMs;
    private boolean settingUp = true;
    private long fastPollTimer = -1;
    private boolean closed;
    private long checksSent, checksReceived, responsesReceived, badStun, badCandidates, dataIn, dataOut, dataDropped;

    public IceAgent(Vertx vertx, Config config, Credentials local, Listener listener) {
        this(vertx, config, local, listener, SetupTimeline.none());
    }

    /** @param timeline where the agent marks its first check out, in and answered, and the selection */
    public IceAgent(Vertx vertx, Config config, Credentials local, Listener listener, SetupTimeline timeline) {
        this.vertx = vertx;
        this.timeline = timeline;
        this.context = vertx.getOrCreateContext();
        this.timers = new GridTimers(context);
        this.onContextThread = new ContextThread(context);
        this.config = config;
        this.local = local;
        this.listener = listener;
        this.controlling = config.controlling();
        this.localKey = StunMessage.shortTermKey(local.pwd());
    }

    public Credentials localCredentials() {
        return local;
    }

    /** Opens the sockets and starts gathering, checks and the failure deadline. */
    public void start() {
        context.runOnContext(v -> {
            if (closed) return;
            if (config.allowP2p()) bases.add(new HostBase());
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
                InetSocketAddress address = literal(ip, r.port());
                if (address == null) {
                    log.warn("reflector {} has no IP literal address ({}); skipped", r.id(), ip);
                    continue;
                }
                bases.add(new ReflectorBase(reflectorIndex, r, address));
            }
            addWebrtcServers();
            bases.forEach(Base::open);
            setState(new IceState.Checking());
            checkTimer = vertx.setPeriodic(Math.max(5, config.checkInterval().toMillis()), id -> tick());
            fastPollTimer = vertx.setTimer(FAST_POLL_LIMIT_MS, id -> {
                fastPollTimer = -1;
                setUpDone();
            });
            failTimer = vertx.setTimer(Math.max(1, config.failAfter().toMillis()), id -> {
                failTimer = -1;
                if (selected == null) fail("no connectivity within " + config.failAfter().toMillis() + " ms (" + pairs.size() + " pairs)"
                        + (transportFailures.isEmpty() ? "" : "; " + String.join("; ", transportFailures)));
            });
        });
    }

    /**
     * TURN servers become relay bases; STUN servers are asked for the host socket's public address,
     * only when P2P is allowed, because tgcalls then sends relay candidates alone (no reflexive ones).
     */
    private void addWebrtcServers() {
        List<InetSocketAddress> stun = new ArrayList<>();
        int turnIndex = 0;
        for (CallServer s : config.servers()) {
            if (!(s instanceof CallServer.Webrtc w)) continue;
            InetSocketAddress address = literal(w.ipAddress() != null && !w.ipAddress().isEmpty() ? w.ipAddress() : w.ipv6Address(), w.port());
            if (address == null) {
                badCandidates++;
                continue;
            }
            if (w.supportsTurn() && w.username() != null && !w.username().isEmpty() && turnIndex < 255) {
                bases.add(new TurnBase(w, address, IcePriority.of(IcePriority.TYPE_RELAY, 65535 - turnIndex++, 1)));
            }
            if (w.supportsStun() && config.allowP2p()) stun.add(address);
        }
        if (!stun.isEmpty()) srflx = new ServerReflexiveGatherer(stun, random);
    }

    /**
     * The call's media is up (or given up on): the agent's sockets go back to the media grid's polling.
     * Until then, and for at most {@value #FAST_POLL_LIMIT_MS} ms, they are polled at the set-up step.
     */
    public void setUpDone() {
        context.runOnContext(v -> {
            if (!settingUp) return;
            settingUp = false;
            if (fastPollTimer >= 0) vertx.cancelTimer(fastPollTimer);
            fastPollTimer = -1;
            for (Base b : bases) if (b.socket != null) b.socket.pollFast(false);
        });
    }

    public void setRemoteCredentials(String ufrag, String pwd) {
        context.runOnContext(v -> {
            remoteUfrag = ufrag;
            remoteKey = StunMessage.shortTermKey(pwd);
            var buffered = List.copyOf(pendingRemote);
            pendingRemote.clear();
            buffered.forEach(this::addRemote);
        });
    }

    public void addRemoteCandidate(IceCandidate c) {
        context.runOnContext(v -> {
            if (closed) return;
            if (remoteKey == null) {
                if (pendingRemote.size() < MAX_REMOTE_CANDIDATES) pendingRemote.add(c);
                else badCandidates++;
                return;
            }
            addRemote(c);
        });
    }

    private void addRemote(IceCandidate c) {
        if (closed) return;
        if (!"udp".equalsIgnoreCase(c.transport()) || c.port() <= 0 || c.port() > 65535 || remotes.size() >= MAX_REMOTE_CANDIDATES) {
            badCandidates++;
            return;
        }
        remotes.add(c);
        for (Base b : bases) {
            if (b.accepts(c)) addPair(b, Remote.of(c.address(), c.port()), c.priority());
        }
        tick(); // its first check now, not at the next tick: every wait here is silence for the caller
    }

    private Pair addPair(Base base, Remote remote, long remotePriority) {
        for (Pair p : pairs) if (p.base == base && p.remote.equals(remote)) return p;
        long localPriority = base.priority();
        long g = controlling ? localPriority : remotePriority;
        long d = controlling ? remotePriority : localPriority;
        var p = new Pair(base, remote, (Math.min(g, d) << 32) + 2 * Math.max(g, d) + (g > d ? 1 : 0));
        pairs.add(p);
        pairs.sort(Comparator.comparingLong((Pair x) -> x.priority).reversed());
        base.pairAdded(remote);
        return p;
    }

    private void tick() {
        if (closed) return;
        long now = System.currentTimeMillis();
        expireTransactions(now);
        if (srflx != null) pollServerReflexive(now);
        if (remoteKey == null) return;
        if (controlling && selected == null) {
            Pair nominate = pairs.stream().filter(p -> p.succeeded).findFirst().orElse(null);
            long pace = nominate != null && nominate.nominations < EARLY_SENDS ? EARLY_RETRANSMIT_MS : RETRANSMIT_MS;
            if (nominate != null && (!nominate.useCandidateSent || now - nominate.lastCheckMs >= pace)) {
                sendCheck(nominate, true, now);
                return;
            }
        }
        if (selected != null) return;
        for (Pair p : pairs) {
            if (p.succeeded || p.failed) continue;
            if (p.checks >= MAX_CHECKS_PER_PAIR) {
                p.failed = true;
                continue;
            }
            if (now - p.lastCheckMs >= (p.checks < EARLY_SENDS ? EARLY_RETRANSMIT_MS : RETRANSMIT_MS)) {
                sendCheck(p, false, now);
                return; // one check per tick paces the checks
            }
        }
    }

    private void sendCheck(Pair p, boolean useCandidate, long now) {
        byte[] tid = new byte[12];
        random.nextBytes(tid);
        var b = StunMessageBuilder.bindingRequest(tid)
                .add(new StunAttribute.Username(remoteUfrag + ":" + local.ufrag()))
                .add(new StunAttribute.Priority(p.base.prflxPriority()));
        b.add(controlling ? new StunAttribute.IceControlling(tieBreaker) : new StunAttribute.IceControlled(tieBreaker));
        if (useCandidate) {
            b.add(new StunAttribute.UseCandidate());
            p.useCandidateSent = true;
            p.nominations++;
            if (selected == null) timeline.mark("nomination out");
        }
        if (selected == null) timeline.mark("check out");
        byte[] msg = b.build(remoteKey, true);
        // Earlier checks of the pair stay answerable: a triggered check or a retransmission does not cancel
        // them (RFC 8445 7.3.1.4: a cancelled check still waits for its answer), or a path slower than the check pace would never succeed.
        byTransaction.put(key(tid), new Transaction(p, now));
        p.lastCheckMs = now;
        p.checks++;
        checksSent++;
        p.base.send(msg, 0, msg.length, p.remote);
    }

    /** Every datagram from every base arrives here. */
    private void onDatagram(Base base, Remote from, byte[] buf, int off, int len) {
        if (closed || len <= 0) return;
        int first = buf[off] & 0xFF;
        if (first < 2 && StunMessage.isStun(buf, off, len)) {
            switch (StunParser.parse(buf, off, len)) {
                case StunParseResult.Parsed parsed -> onStun(base, from, parsed.message());
                case StunParseResult.Rejected rejected -> badStun++;
            }
            return;
        }
        Pair p = findPair(base, from);
        if (p == null || !(p.succeeded || p.validatedByPeer)) {
            dataDropped++;
            return;
        }
        dataIn++;
        listener.data(buf, off, len);
    }

    private void onStun(Base base, Remote from, StunMessage m) {
        switch (m.type()) {
            case StunMessage.BINDING_REQUEST -> onRequest(base, from, m);
            case StunMessage.BINDING_SUCCESS, StunMessage.BINDING_ERROR -> {
                if (!(base instanceof HostBase host && srflx != null && srflx.onResponse(m, mapped -> serverReflexive(host, mapped)))) onResponse(m);
            }
            default -> { } // indications keep NAT bindings open; nothing to do
        }
    }

    private void onRequest(Base base, Remote from, StunMessage m) {
        Optional<StunAttribute.Username> user = m.attribute(StunAttribute.Username.class);
        if (user.isEmpty() || !user.get().value().startsWith(local.ufrag() + ":") || !m.verifyIntegrity(localKey)) {
            badStun++;
            return;
        }
        checksReceived++;
        if (selected == null) timeline.mark("check in");
        boolean peerControlling = m.attribute(StunAttribute.IceControlling.class).isPresent();
        if (peerControlling == controlling) {
            // Role conflict (RFC 8445 §7.3.1.1): the larger tie-breaker keeps the controlling role.
            long theirs = peerControlling ? m.attribute(StunAttribute.IceControlling.class).get().tieBreaker()
                    : m.attribute(StunAttribute.IceControlled.class).map(StunAttribute.IceControlled::tieBreaker).orElse(0L);
            boolean weWin = controlling ? Long.compareUnsigned(tieBreaker, theirs) >= 0 : Long.compareUnsigned(tieBreaker, theirs) < 0;
            if (weWin) {
                byte[] err = StunMessageBuilder.bindingError(m.transactionId())
                        .add(new StunAttribute.ErrorCode(StunAttribute.ErrorCode.ROLE_CONFLICT, "Role Conflict")).build(localKey, true);
                base.send(err, 0, err.length, from);
                return;
            }
            controlling = !controlling;
        }
        // Through a reflector the peer's address is a synthetic name; tgcalls reports the reflector's own.
        InetSocketAddress mapped = base instanceof ReflectorBase rb ? rb.serverAddress : from.mappedAddress();
        byte[] resp = StunMessageBuilder.bindingSuccess(m.transactionId())
                .add(new StunAttribute.XorMappedAddress(mapped))
                .build(localKey, true);
        base.send(resp, 0, resp.length, from);
        long prio = m.attribute(StunAttribute.Priority.class).map(StunAttribute.Priority::value).orElse(base.priority());
        Pair p = findPair(base, from);
        if (p == null) p = addPair(base, from, prio); // a peer-reflexive remote
        p.validatedByPeer = true;
        boolean triggered = !p.succeeded && remoteKey != null && selected == null;
        if (triggered) p.lastCheckMs = 0;
        if (!controlling && m.attribute(StunAttribute.UseCandidate.class).isPresent()) {
            if (selected == null) timeline.mark("nomination in");
            p.nominatedByPeer = true;
            if (p.succeeded) select(p);
        }
        if (triggered && selected == null) tick(); // the triggered check goes now
    }

    private void onResponse(StunMessage m) {
        Transaction t = byTransaction.remove(key(m.transactionId()));
        if (t == null || remoteKey == null || !m.verifyIntegrity(remoteKey)) {
            badStun++;
            return;
        }
        Pair p = t.pair();
        responsesReceived++;
        lastConsentMs = System.currentTimeMillis();
        if (m.type() == StunMessage.BINDING_ERROR) {
            var err = m.attribute(StunAttribute.ErrorCode.class);
            if (err.isPresent() && err.get().code() == StunAttribute.ErrorCode.ROLE_CONFLICT) {
                controlling = !controlling;
                p.lastCheckMs = 0;
            } else {
                p.failed = true;
            }
            return;
        }
        boolean wasNomination = p.useCandidateSent && controlling;
        if (selected == null) timeline.mark("answer in");
        p.succeeded = true;
        if (selected == null && (wasNomination || p.nominatedByPeer && !controlling)) select(p);
        else if (selected == null && controlling) tick(); // nominates it now
    }

    private void pollServerReflexive(long now) {
        HostBase host = null;
        for (Base b : bases) if (b instanceof HostBase h && h.port != 0) host = h;
        if (host == null) return; // not bound yet: the srflx candidate's rport would be unknown
        HostBase from = host;
        srflx.poll(now, (msg, server) -> from.send(msg, 0, msg.length, Remote.of(server)));
        if (srflx.finished()) srflx = null;
    }

    private void serverReflexive(HostBase host, InetSocketAddress mapped) {
        String ip = mapped.getAddress().getHostAddress();
        // Without a NAT the mapped address is the host candidate itself; WebRTC does not signal that twice.
        if (closed || ip.equals(config.hostAddress()) && mapped.getPort() == host.port) return;
        var c = IceCandidate.of(Integer.toUnsignedString(("srflx" + ip).hashCode()), 1, "udp", SRFLX_PRIORITY, ip, mapped.getPort(),
                IceCandidate.Type.SRFLX, new IceCandidate.Related(config.hostAddress(), host.port));
        listener.localCandidate(c);
    }

    /** A TURN base gave up; with nothing else left to try the agent fails now rather than at its deadline. */
    private void transportFailed(String reason) {
        transportFailures.add(reason);
        if (bases.stream().allMatch(b -> b instanceof TurnBase t && t.failed)) fail("no usable transport: " + String.join("; ", transportFailures));
    }

    private void select(Pair p) {
        if (selected != null || closed) return;
        selected = p;
        lastConsentMs = System.currentTimeMillis();
        if (failTimer >= 0) vertx.cancelTimer(failTimer);
        failTimer = -1;
        // Checks end with the selection (consent keepalives take over); a 20 ms tick per call that does
        // nothing would wake the event loop as often as the media does.
        if (checkTimer >= 0) vertx.cancelTimer(checkTimer);
        checkTimer = -1;
        keepaliveTimer = timers.every(KEEPALIVE_MS, this::keepalive); // on the media grid: no wake-up of its own
        timeline.mark("ice selected");
        setState(new IceState.Connected(p.describe()));
    }

    private void keepalive() {
        if (closed || selected == null) return;
        long now = System.currentTimeMillis();
        expireTransactions(now);
        if (now - lastConsentMs > CONSENT_TIMEOUT_MS) {
            fail("consent lost: no STUN response on " + selected.describe() + " for " + CONSENT_TIMEOUT_MS + " ms");
            return;
        }
        sendCheck(selected, controlling, now);
    }

    /** Sends a datagram (DTLS, SRTP) on the selected pair; dropped before connectivity. */
    public void send(byte[] buf, int off, int len) {
        if (!onContextThread.isCurrent()) {
            byte[] copy = Arrays.copyOfRange(buf, off, off + len);
            context.runOnContext(v -> send(copy, 0, copy.length));
            return;
        }
        Pair p = selected;
        if (p == null || closed) {
            dataDropped++;
            return;
        }
        dataOut++;
        p.base.send(buf, off, len, p.remote);
    }

    private Pair findPair(Base base, Remote from) {
        for (Pair p : pairs) if (p.base == base && (p.remote == from || p.remote.equals(from))) return p;
        return null;
    }

    private void fail(String reason) {
        if (state instanceof IceState.Failed || closed) return;
        log.info("ICE failed: {}", reason);
        setState(new IceState.Failed(reason));
        stopTimers();
    }

    private void setState(IceState s) {
        state = s;
        listener.state(s);
    }

    public IceState state() {
        return state;
    }

    public IceStats stats() {
        long socketErrors = 0;
        for (Base b : bases) socketErrors += b.socket == null ? 0 : b.socket.failures();
        return new IceStats(checksSent, checksReceived, responsesReceived, badStun, badCandidates, dataIn, dataOut, dataDropped, pairs.size(),
                socketErrors);
    }

    private void stopTimers() {
        if (checkTimer >= 0) vertx.cancelTimer(checkTimer);
        if (failTimer >= 0) vertx.cancelTimer(failTimer);
        if (fastPollTimer >= 0) vertx.cancelTimer(fastPollTimer);
        if (keepaliveTimer != null) keepaliveTimer.cancel(false);
        checkTimer = failTimer = fastPollTimer = -1;
        keepaliveTimer = null;
    }

    @Override
    public void close() {
        context.runOnContext(v -> {
            if (closed) return;
            closed = true;
            stopTimers();
            bases.forEach(Base::close);
            state = new IceState.Closed();
        });
    }

    private static String key(byte[] tid) {
        return java.util.HexFormat.of().formatHex(tid);
    }

    /** An IP literal's socket address, or null (a name, which would need a lookup). */
    private static InetSocketAddress literal(String host, int port) {
        try {
            return new InetSocketAddress(InetAddress.ofLiteral(host), port);
        } catch (IllegalArgumentException notLiteral) {
            return null;
        }
    }

    /**
     * A remote transport address: an IP literal, or a synthetic reflector hostname. What sending needs is
     * worked out once: the socket address of a literal, the R of a reflector name (0 if neither).
     * Equality is by host and port only.
     */
    private record Remote(String host, int port, InetSocketAddress address, int reflectorR) {
        static Remote of(String host, int port) {
            int r = ReflectorHostname.parse(host) instanceof ReflectorHostname.Parse.Parsed p ? p.hostname().rBits() : 0;
            return new Remote(host, port, r != 0 ? null : literal(host, port), r);
        }

        static Remote of(InetSocketAddress from) {
            return new Remote(from.getAddress().getHostAddress(), from.getPort(), from, 0);
        }

        /** What a binding response reports; a reflector remote has no IP (tgcalls ignores it there). */
        InetSocketAddress mappedAddress() {
            return address != null ? address : new InetSocketAddress(ANY, port);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Remote r && r.port == port && r.host.equals(host);
        }

        @Override
        public int hashCode() {
            return host.hashCode() * 31 + port;
        }
    }

    /** A check sent and not answered yet. */
    private record Transaction(Pair pair, long sentMs) {}

    /** Forgets checks that had their time to be answered, so the table stays as small as the checks in flight. */
    private void expireTransactions(long now) {
        if (!byTransaction.isEmpty()) byTransaction.values().removeIf(t -> now - t.sentMs() > TRANSACTION_TIMEOUT_MS);
    }

    /** One candidate pair and its check state. */
    private static final class Pair {
        final Base base;
        final Remote remote;
        final long priority;
        boolean succeeded, failed, validatedByPeer, nominatedByPeer, useCandidateSent;
        long lastCheckMs;
        int checks, nominations;

        Pair(Base base, Remote remote, long priority) {
            this.base = base;
            this.remote = remote;
            this.priority = priority;
        }

        String describe() {
            return base.describe() + " <-> " + remote.host() + ":" + remote.port();
        }
    }

    /** A local transport: a host socket, or a socket toward one Telegram reflector. */
    private abstract sealed class Base permits HostBase, ReflectorBase, TurnBase {
        UdpSocket socket;

        abstract void open();

        abstract boolean accepts(IceCandidate remote);

        abstract long priority();

        long prflxPriority() {
            return priority();
        }

        abstract void send(byte[] buf, int off, int len, Remote to);

        /** A pair with {@code remote} now exists (a TURN base asks its server to let that peer in). */
        void pairAdded(Remote remote) {}

        abstract String describe();

        void close() {
            if (socket != null) socket.close();
        }

        /** Binds this base's socket on the agent's context; the socket is closed at once if the agent already is. */
        void bind(UdpSocket.Receiver receiver, Runnable bound, String what) {
            bind(null, receiver, bound, what);
        }

        /** Binds this base's socket, connected to {@code peer} when that is its only correspondent (may be null). */
        void bind(InetSocketAddress peer, UdpSocket.Receiver receiver, Runnable bound, String what) {
            UdpSocket.bind(context, config.hostAddress(), peer, receiver).onSuccess(s -> {
                if (closed) {
                    s.close();
                    return;
                }
                socket = s;
                if (settingUp) s.pollFast(true);
                bound.run();
            }).onFailure(t -> log.warn("{} socket on {} failed: {}", what, config.hostAddress(), t.getMessage()));
        }
    }

    private final class HostBase extends Base {
        private int port;

        private Remote lastSender;

        @Override
        void open() {
            bind(this::onPacket, () -> {
                port = socket.localPort();
                var c = IceCandidate.of(Integer.toUnsignedString(("host" + config.hostAddress()).hashCode()), 1, "udp", HOST_PRIORITY,
                        config.hostAddress(), port, IceCandidate.Type.HOST);
                listener.localCandidate(c);
            }, "ICE host");
        }

        private void onPacket(InetSocketAddress from, byte[] buf, int off, int len) {
            // Media comes from one address: keep its Remote rather than format the sender's address per packet.
            Remote r = lastSender;
            if (r == null || !from.equals(r.address())) lastSender = r = Remote.of(from);
            onDatagram(this, r, buf, off, len);
        }

        @Override
        boolean accepts(IceCandidate remote) {
            return !remote.address().endsWith(".reflector") && remote.address().indexOf(':') < 0 == config.hostAddress().indexOf(':') < 0;
        }

        @Override
        long priority() {
            return HOST_PRIORITY;
        }

        @Override
        void send(byte[] buf, int off, int len, Remote to) {
            if (socket == null || to.address() == null) { // not bound yet, or a name we do not look up
                dataDropped++;
                return;
            }
            socket.send(buf, off, len, to.address());
        }

        @Override
        String describe() {
            return "host " + config.hostAddress() + ":" + port;
        }
    }

    /** Telegram's reflector relay: a custom envelope addressed by tags, hello/keepalive pings. */
    private final class ReflectorBase extends Base {
        private static final long HELLO_MS = 500;
        private static final long KEEPALIVE_MS = 10_000;
        private final int serverId;
        private final CallServer.TelegramReflector server;
        final InetSocketAddress serverAddress;
        private final ReflectorCodec codec;
        private final byte[] out = new byte[1600];
        private boolean ready;
        private ScheduledFuture<?> helloTimer;
        private Remote lastSender;

        ReflectorBase(int serverId, CallServer.TelegramReflector server, InetSocketAddress serverAddress) {
            this.serverId = serverId;
            this.server = server;
            this.serverAddress = serverAddress;
            this.codec = new ReflectorCodec(ReflectorTag.random(server.peerTag(), random));
        }

        @Override
        void open() {
            bind(serverAddress, (from, buf, off, len) -> onReflectorPacket(buf, off, len), this::hello, "reflector");
        }

        private void hello() {
            if (closed) return;
            int n = codec.writeHello(out, 0);
            socket.send(out, 0, n);
            helloTimer = timers.once(ready ? KEEPALIVE_MS : HELLO_MS, this::hello);
        }

        private void onReflectorPacket(byte[] d, int off, int len) {
            if (closed) return;
            if (!ready && codec.isFromOurReflector(d, off, len)) {
                ready = true;
                var c = IceCandidate.of(Integer.toUnsignedString(("relay" + serverId).hashCode()), 1, "udp", RELAY_PRIORITY,
                        ReflectorHostname.format(serverId, codec.tag().rUnsigned()), server.port(), IceCandidate.Type.RELAY);
                listener.localCandidate(c);
            }
            switch (codec.parse(d, off, len)) {
                case ReflectorPacket.Data data -> onDatagram(this, sender(data.senderR()), d, data.payloadOffset(), data.payloadLength());
                case ReflectorPacket.Pong pong -> { }
                case ReflectorPacket.Rejected r -> badStun++;
            }
        }

        @Override
        boolean accepts(IceCandidate remote) {
            if (remote.port() != server.port()) return false;
            return ReflectorHostname.parse(remote.address()) instanceof ReflectorHostname.Parse.Parsed p && p.hostname().serverId() == serverId;
        }

        @Override
        long priority() {
            return RELAY_PRIORITY;
        }

        /** The peer behind R, as a Remote; the same object while the same peer talks, as it does all call long. */
        private Remote sender(int senderR) {
            Remote r = lastSender;
            if (r == null || r.reflectorR() != senderR) {
                lastSender = r = Remote.of(ReflectorHostname.format(serverId, Integer.toUnsignedLong(senderR)), server.port());
            }
            return r;
        }

        @Override
        void send(byte[] buf, int off, int len, Remote to) {
            if (to.reflectorR() == 0 || socket == null || ReflectorCodec.dataLength(len) > out.length) {
                dataDropped++;
                return;
            }
            int n = codec.writeData(out, 0, to.reflectorR(), buf, off, len);
            socket.send(out, 0, n);
        }

        @Override
        String describe() {
            return "reflector " + serverId + " (" + serverAddress.getAddress().getHostAddress() + ":" + server.port() + ")";
        }

        @Override
        void close() {
            if (helloTimer != null) helloTimer.cancel(false);
            super.close();
        }
    }

    /** A standard TURN/UDP relay (RFC 8656) on a callServerTypeWebrtc server: pairs with any remote IPv4 candidate. */
    private final class TurnBase extends Base {
        private final CallServer.Webrtc server;
        private final InetSocketAddress serverAddress;
        private final long priority;
        private final Map<Remote, InetSocketAddress> peerOf = new HashMap<>();
        private final Map<InetSocketAddress, Remote> remoteOf = new HashMap<>();
        private TurnClient client;
        private boolean failed;

        TurnBase(CallServer.Webrtc server, InetSocketAddress serverAddress, long priority) {
            this.server = server;
            this.serverAddress = serverAddress;
            this.priority = priority;
        }

        @Override
        void open() {
            client = new TurnClient(vertx, serverAddress, config.hostAddress(), new TurnCredentials(server.username(), server.password()),
                    TurnTiming.defaults(), new TurnClient.Listener() {
                        @Override
                        public void allocated(InetSocketAddress relayed, InetSocketAddress mapped) {
                            if (closed) return;
                            // With P2P off WebRTC hides our own address from the peer: the related address becomes 0.0.0.0:0.
                            var related = config.allowP2p() && mapped != null
                                    ? new IceCandidate.Related(mapped.getAddress().getHostAddress(), mapped.getPort())
                                    : new IceCandidate.Related("0.0.0.0", 0);
                            String ip = relayed.getAddress().getHostAddress();
                            listener.localCandidate(IceCandidate.of(Integer.toUnsignedString(("turn" + serverAddress).hashCode()), 1, "udp",
                                    priority, ip, relayed.getPort(), IceCandidate.Type.RELAY, related));
                        }

                        @Override
                        public void data(InetSocketAddress peer, byte[] buf, int off, int len) {
                            Remote from = remoteOf.computeIfAbsent(peer, Remote::of);
                            onDatagram(TurnBase.this, from, buf, off, len);
                        }

                        @Override
                        public void failed(String reason) {
                            failed = true;
                            transportFailed(reason);
                        }

                        @Override
                        public void permitted(InetAddress peer) {
                            // Checks sent before were dropped by the client: check now rather than at the
                            // pair's next retransmission, up to 200 ms later.
                            if (closed || selected != null) return;
                            for (Pair p : pairs) {
                                if (p.base == TurnBase.this && !p.succeeded && p.remote.address() != null && peer.equals(p.remote.address().getAddress())) {
                                    p.lastCheckMs = 0;
                                }
                            }
                            tick();
                        }
                    });
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
        void pairAdded(Remote remote) {
            client.permit(peerAddress(remote));
        }

        @Override
        void send(byte[] buf, int off, int len, Remote to) {
            client.send(peerAddress(to), buf, off, len);
        }

        private InetSocketAddress peerAddress(Remote remote) {
            return peerOf.computeIfAbsent(remote, Remote::address);
        }

        @Override
        String describe() {
            return client.describe();
        }

        @Override
        void close() {
            if (client != null) client.close();
        }
    }
}
