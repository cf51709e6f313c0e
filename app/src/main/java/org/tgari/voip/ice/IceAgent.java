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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tgari.media.clock.GridTimers;
import org.tgari.voip.SetupTimeline;
import org.tgari.voip.log.CallLogger;
import org.tgari.voip.log.LogContext;
import org.tgari.voip.net.ContextThread;
import org.tgari.voip.stun.StunAttribute;
import org.tgari.voip.stun.StunMessage;
import org.tgari.voip.stun.StunMessageBuilder;
import org.tgari.voip.stun.StunParseResult;
import org.tgari.voip.stun.StunParser;

/**
 * A compact full ICE agent (RFC 8445, one component) for tgcalls calls: host candidates, and
 * server-reflexive ones learned from STUN servers, when P2P is allowed; Telegram reflector relay
 * candidates always (their own envelope, paired only with the peer's candidate of the same server);
 * TURN relay candidates from every TURN server given; connectivity checks with short-term
 * credentials, regular nomination by the controlling side, consent keepalives, and failure when
 * nothing connects in time. Everything runs on the Vert.x context that created the agent. The local
 * transports are {@link CandidateBase}s; this class keeps the pairs, the checks and the state.
 *
 * <p>Hostile input: a check's answer counts only from the address the check went to (from elsewhere it
 * is dropped, and the pair neither succeeds nor fails on it), a STUN server's only from that server,
 * and at most {@value #MAX_PEER_REFLEXIVE_PAIRS} peer-reflexive pairs are made per call.
 */
public final class IceAgent implements AutoCloseable {

    /**
     * @param hostAddress the local address for host candidates (and reflector sockets)
     * @param log         how its log lines name the call (text and key-value pairs)
     */
    public record Config(boolean controlling, boolean allowP2p, List<CallServer> servers, String hostAddress,
                         Duration failAfter, Duration checkInterval, LogContext log) {
        public Config {
            servers = List.copyOf(servers);
        }

        /** A config whose log lines name the call "-" (tests, tools). */
        public Config(boolean controlling, boolean allowP2p, List<CallServer> servers, String hostAddress, Duration failAfter,
                      Duration checkInterval) {
            this(controlling, allowP2p, servers, hostAddress, failAfter, checkInterval, LogContext.named("-"));
        }

        /** The call as the text of its log lines names it. */
        public String callName() {
            return log.name();
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

        /**
         * Once, when the first pair got an answer to a check, before any nomination: {@link #send} uses
         * that pair until one is selected, so DTLS can start a round trip or two earlier (as WebRTC does
         * on a writable connection). {@code rttMs} is that check's round trip.
         */
        default void writable(CandidatePair pair, long rttMs) { }
    }

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
    /**
     * Checks from unknown addresses that carry our credentials make peer-reflexive pairs; a peer (or
     * whoever learned the credentials) could make one per source port without end, and every pair is
     * checked. A real call sees a handful.
     */
    static final int MAX_PEER_REFLEXIVE_PAIRS = 100;
    /** Fast socket polling ends by then even if the call never sets up (it may wait for the peer for long). */
    private static final long FAST_POLL_LIMIT_MS = 3000;

    private final Vertx vertx;
    private final Context context;
    private final ContextThread onContextThread;
    private final Config config;
    private final CallLogger log;
    private final Credentials local;
    private final Listener listener;
    private final SetupTimeline timeline;
    private final SecureRandom random = new SecureRandom();
    private final long tieBreaker = random.nextLong();
    private final byte[] localKey;
    private final GridTimers timers;
    private final CandidateBases bases;
    private boolean controlling;

    private final List<IceCandidate> pendingRemote = new ArrayList<>();
    private final List<IceCandidate> remotes = new ArrayList<>();
    private final List<CandidatePair> pairs = new ArrayList<>();
    private final Map<String, Transaction> byTransaction = new HashMap<>();
    private String remoteUfrag;
    private byte[] remoteKey;
    private CandidatePair selected;
    /** The first pair that answered a check; carries data until a pair is selected. */
    private CandidatePair writable;
    private IceState state = new IceState.Gathering();
    private long checkTimer = -1, failTimer = -1;
    private ScheduledFuture<?> keepaliveTimer;
    private ServerReflexiveGatherer srflx;
    private final List<String> transportFailures = new ArrayList<>();
    private long lastConsentMs;
    private boolean settingUp = true;
    private long fastPollTimer = -1;
    private boolean closed;
    private int peerReflexivePairs;
    private long checksSent, checksReceived, responsesReceived, badStun, badCandidates, dataIn, dataOut, dataDropped, peerReflexiveRefused;

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
        this.log = CallLogger.of(IceAgent.class, config.log());
        this.local = local;
        this.listener = listener;
        this.controlling = config.controlling();
        this.localKey = StunMessage.shortTermKey(local.pwd());
        var env = new BaseEnvironment(vertx, context, timers, random, config.hostAddress(), config.allowP2p(), config.log(),
                () -> closed, () -> settingUp);
        this.bases = new CandidateBases(config, env, new Events());
    }

    public Credentials localCredentials() {
        return local;
    }

    /** Opens the sockets and starts gathering, checks and the failure deadline. */
    public void start() {
        context.runOnContext(v -> {
            if (closed) return;
            badCandidates += bases.unusableServers();
            if (!bases.stunServers().isEmpty()) srflx = new ServerReflexiveGatherer(bases.stunServers(), random);
            bases.open();
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
     * The call's media is up (or given up on): the agent's sockets go back to the media grid's polling.
     * Until then, and for at most {@value #FAST_POLL_LIMIT_MS} ms, they are polled at the set-up step.
     */
    public void setUpDone() {
        context.runOnContext(v -> {
            if (!settingUp) return;
            settingUp = false;
            if (fastPollTimer >= 0) vertx.cancelTimer(fastPollTimer);
            fastPollTimer = -1;
            bases.pollFast(false);
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
        for (CandidateBase b : bases.all()) {
            if (b.accepts(c)) addPair(b, RemoteAddress.of(c.address(), c.port()), c.priority(), false);
        }
        tick(); // its first check now, not at the next tick: every wait here is silence for the caller
    }

    private CandidatePair addPair(CandidateBase base, RemoteAddress remote, long remotePriority, boolean peerReflexive) {
        for (CandidatePair p : pairs) if (p.base == base && p.remote.equals(remote)) return p;
        long localPriority = base.priority();
        var p = new CandidatePair(base, remote, controlling ? CandidatePair.priority(localPriority, remotePriority)
                : CandidatePair.priority(remotePriority, localPriority), peerReflexive);
        pairs.add(p);
        pairs.sort(Comparator.comparingLong((CandidatePair x) -> x.priority).reversed());
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
            CandidatePair nominate = pairs.stream().filter(p -> p.succeeded).findFirst().orElse(null);
            long pace = nominate != null && nominate.nominations < EARLY_SENDS ? EARLY_RETRANSMIT_MS : RETRANSMIT_MS;
            if (nominate != null && (!nominate.useCandidateSent || now - nominate.lastCheckMs >= pace)) {
                sendCheck(nominate, true, now);
                return;
            }
        }
        if (selected != null) return;
        for (CandidatePair p : pairs) {
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

    private void sendCheck(CandidatePair p, boolean useCandidate, long now) {
        byte[] tid = new byte[12];
        random.nextBytes(tid);
        var b = StunMessageBuilder.bindingRequest(tid)
                .add(new StunAttribute.Username(remoteUfrag + ":" + local.ufrag()))
                .add(new StunAttribute.Priority(p.base.priority()));
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
    private void onDatagram(CandidateBase base, RemoteAddress from, byte[] buf, int off, int len) {
        if (closed || len <= 0) return;
        int first = buf[off] & 0xFF;
        if (first < 2 && StunMessage.isStun(buf, off, len)) {
            switch (StunParser.parse(buf, off, len)) {
                case StunParseResult.Parsed parsed -> onStun(base, from, parsed.message());
                case StunParseResult.Rejected rejected -> badStun++;
            }
            return;
        }
        CandidatePair p = findPair(base, from);
        if (p == null || !(p.succeeded || p.validatedByPeer)) {
            dataDropped++;
            return;
        }
        dataIn++;
        listener.data(buf, off, len);
    }

    private void onStun(CandidateBase base, RemoteAddress from, StunMessage m) {
        switch (m.type()) {
            case StunMessage.BINDING_REQUEST -> onRequest(base, from, m);
            case StunMessage.BINDING_SUCCESS, StunMessage.BINDING_ERROR -> {
                if (!(base instanceof HostBase host && srflx != null
                        && srflx.onResponse(m, from.address(), mapped -> serverReflexive(host, mapped)))) {
                    onResponse(base, from, m);
                }
            }
            default -> { } // indications keep NAT bindings open; nothing to do
        }
    }

    private void onRequest(CandidateBase base, RemoteAddress from, StunMessage m) {
        Optional<StunAttribute.Username> user = m.attribute(StunAttribute.Username.class);
        if (user.isEmpty() || !user.get().value().startsWith(local.ufrag() + ":") || !m.verifyIntegrity(localKey)) {
            badStun++;
            return;
        }
        CandidatePair p = findPair(base, from);
        if (p == null && peerReflexivePairs >= MAX_PEER_REFLEXIVE_PAIRS) {
            peerReflexiveRefused++; // not answered either: a flood from new addresses gets nothing back
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
        byte[] resp = StunMessageBuilder.bindingSuccess(m.transactionId())
                .add(new StunAttribute.XorMappedAddress(base.mappedAddressOf(from)))
                .build(localKey, true);
        base.send(resp, 0, resp.length, from);
        long prio = m.attribute(StunAttribute.Priority.class).map(StunAttribute.Priority::value).orElse(base.priority());
        if (p == null) {
            p = addPair(base, from, prio, true); // a peer-reflexive remote
            peerReflexivePairs++;
        }
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

    private void onResponse(CandidateBase base, RemoteAddress from, StunMessage m) {
        String tid = key(m.transactionId());
        Transaction t = byTransaction.get(tid);
        // An answer counts only from where its check went; from elsewhere it is dropped, and the
        // transaction stays open for the genuine one.
        if (t == null || t.pair().base != base || !t.pair().remote.sameTransportAs(from) || remoteKey == null || !m.verifyIntegrity(remoteKey)) {
            badStun++;
            return;
        }
        byTransaction.remove(tid);
        CandidatePair p = t.pair();
        responsesReceived++;
        long now = System.currentTimeMillis();
        lastConsentMs = now;
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
        if (writable == null && selected == null) {
            writable = p;
            listener.writable(p, Math.max(0, now - t.sentMs()));
            if (closed) return;
        }
        if (selected == null && (wasNomination || p.nominatedByPeer && !controlling)) select(p);
        else if (selected == null && controlling) tick(); // nominates it now
    }

    private void pollServerReflexive(long now) {
        HostBase host = bases.boundHost();
        if (host == null) return; // not bound yet: the srflx candidate's rport would be unknown
        srflx.poll(now, (msg, server) -> host.sendTo(msg, 0, msg.length, server));
        if (srflx.finished()) srflx = null;
    }

    private void serverReflexive(HostBase host, InetSocketAddress mapped) {
        String ip = mapped.getAddress().getHostAddress();
        // Without a NAT the mapped address is the host candidate itself; WebRTC does not signal that twice.
        if (closed || ip.equals(config.hostAddress()) && mapped.getPort() == host.port()) return;
        var c = IceCandidate.of(Integer.toUnsignedString(("srflx" + ip).hashCode()), 1, "udp", SRFLX_PRIORITY, ip, mapped.getPort(),
                IceCandidate.Type.SRFLX, new IceCandidate.Related(config.hostAddress(), host.port()));
        listener.localCandidate(c);
    }

    private void select(CandidatePair p) {
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

    /** Sends a datagram (DTLS, SRTP) on the selected pair, or the writable one before that; dropped before either. */
    public void send(byte[] buf, int off, int len) {
        if (!onContextThread.isCurrent()) {
            byte[] copy = Arrays.copyOfRange(buf, off, off + len);
            context.runOnContext(v -> send(copy, 0, copy.length));
            return;
        }
        CandidatePair p = selected != null ? selected : writable;
        if (p == null || closed) {
            dataDropped++;
            return;
        }
        dataOut++;
        p.base.send(buf, off, len, p.remote);
    }

    private CandidatePair findPair(CandidateBase base, RemoteAddress from) {
        for (CandidatePair p : pairs) if (p.base == base && (p.remote == from || p.remote.equals(from))) return p;
        return null;
    }

    private void fail(String reason) {
        if (state instanceof IceState.Failed || closed) return;
        log.info("call {}: ICE failed: {}", config.callName(), reason);
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
        return new IceStats(checksSent, checksReceived, responsesReceived, badStun, badCandidates, dataIn, dataOut, dataDropped, pairs.size(),
                bases.socketFailures(), peerReflexiveRefused);
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
            bases.close();
            state = new IceState.Closed();
        });
    }

    private static String key(byte[] tid) {
        return HexFormat.of().formatHex(tid);
    }

    /** A check sent and not answered yet. */
    private record Transaction(CandidatePair pair, long sentMs) {}

    /** Forgets checks that had their time to be answered, so the table stays as small as the checks in flight. */
    private void expireTransactions(long now) {
        if (!byTransaction.isEmpty()) byTransaction.values().removeIf(t -> now - t.sentMs() > TRANSACTION_TIMEOUT_MS);
    }

    /** What the bases report. */
    private final class Events implements BaseEvents {
        @Override
        public void datagram(CandidateBase base, RemoteAddress from, byte[] buf, int off, int len) {
            onDatagram(base, from, buf, off, len);
        }

        @Override
        public void localCandidate(IceCandidate candidate) {
            listener.localCandidate(candidate);
        }

        @Override
        public void rejected() {
            badStun++;
        }

        @Override
        public void dropped() {
            dataDropped++;
        }

        /** A TURN base gave up; with nothing else left to try the agent fails now rather than at its deadline. */
        @Override
        public void transportFailed(CandidateBase base, String reason) {
            transportFailures.add(reason);
            if (bases.allFailed()) fail("no usable transport: " + String.join("; ", transportFailures));
        }

        @Override
        public void permitted(CandidateBase base, InetAddress peer) {
            // Checks sent before were dropped by the TURN client: check now rather than at the pair's
            // next retransmission, up to 200 ms later.
            if (closed || selected != null) return;
            for (CandidatePair p : pairs) {
                if (p.base == base && !p.succeeded && p.remote.address() != null && peer.equals(p.remote.address().getAddress())) {
                    p.lastCheckMs = 0;
                }
            }
            tick();
        }
    }
}
