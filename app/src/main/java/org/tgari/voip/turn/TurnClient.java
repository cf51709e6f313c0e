package org.tgari.voip.turn;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.tgari.voip.log.CallLogger;
import org.tgari.voip.log.LogContext;
import org.tgari.voip.net.UdpSocket;

/**
 * A TURN client over UDP (RFC 8656) with long-term credentials: one allocation on one server, a
 * permission per peer address and a channel per peer, all renewed before they lapse, and the
 * allocation deleted on close. Peer datagrams travel as ChannelData once a channel is bound and as
 * Send/Data indications before that. Everything runs on the Vert.x context that calls {@link #start};
 * the listener is called there too. The socket is a polled {@link UdpSocket} connected to the server,
 * as the agent's other sockets are: the kernel drops whatever anyone else sends to it.
 */
public final class TurnClient implements AutoCloseable {

    /** Callbacks, on the client's context. */
    public interface Listener {
        /** The allocation exists; {@code mapped} is our address as the server saw it (null if it did not say). */
        void allocated(InetSocketAddress relayed, InetSocketAddress mapped);

        /** A datagram a peer sent to our relayed address. */
        void data(InetSocketAddress peer, byte[] buf, int off, int len);

        /** The allocation failed or was lost; nothing more will be relayed. */
        void failed(String reason);

        /** The server now relays to and from {@code peer}'s IP: what was dropped for it before may go now. */
        default void permitted(InetAddress peer) {}
    }

    private static final long MAX_RTO_MS = 3000;
    private static final int MAX_PEERS = 64;
    private static final int MAX_NONCE_RETRIES = 3;
    private static final long RETRY_MS = 5000;

    private final Vertx vertx;
    private final InetSocketAddress server;
    private final String bindAddress;
    private final TurnCredentials credentials;
    private final TurnTiming timing;
    private final Listener listener;
    private final String name;
    private final String call;
    private final LogContext logContext;
    private final CallLogger log;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Transaction> transactions = new HashMap<>();
    private final Map<InetSocketAddress, Peer> peers = new HashMap<>();
    private final Peer[] byChannel = new Peer[MAX_PEERS];
    private final Map<InetAddress, Permission> permissions = new HashMap<>();
    private final Promise<Boolean> closedPromise = Promise.promise();

    private final byte[] out = new byte[UdpSocket.MAX_DATAGRAM];
    private UdpSocket socket;
    private boolean pollFast;
    private TurnAuth auth;
    private InetSocketAddress relayed;
    private long expiresAtMs, housekeepingTimer = -1;
    private boolean refreshPending, failed, closed;
    private long requestsSent, retransmits, challenges, refreshes, permissionsOk, channelBinds, channelDataIn, channelDataOut,
            indicationsIn, indicationsOut, dropped, rejected, unmatched;

    public TurnClient(Vertx vertx, InetSocketAddress server, String bindAddress, TurnCredentials credentials, TurnTiming timing,
                      Listener listener) {
        this(vertx, server, bindAddress, credentials, timing, LogContext.named("-"), listener);
    }

    /** @param logContext the call this client relays for, as its log lines name it */
    public TurnClient(Vertx vertx, InetSocketAddress server, String bindAddress, TurnCredentials credentials, TurnTiming timing,
                      LogContext logContext, Listener listener) {
        this.vertx = vertx;
        this.call = logContext.name();
        this.logContext = logContext;
        this.log = CallLogger.of(TurnClient.class, logContext);
        this.server = server;
        this.bindAddress = bindAddress;
        this.credentials = credentials;
        this.timing = timing;
        this.listener = listener;
        this.name = server.getAddress().getHostAddress() + ":" + server.getPort();
    }

    /** Binds the local socket, connected to the server, on the calling (event-loop) context, and asks for an allocation. */
    public void start() {
        UdpSocket.bind(vertx.getOrCreateContext(), bindAddress, server, logContext, this::onPacket).onSuccess(s -> {
            if (closed) {
                s.close();
                return;
            }
            socket = s;
            if (pollFast) s.pollFast(true);
            housekeepingTimer = vertx.setPeriodic(Math.max(10, timing.housekeeping().toMillis()), id -> housekeeping());
            allocate();
        }).onFailure(t -> fail("cannot bind a socket on " + bindAddress + ": " + t.getMessage()));
    }

    /** While {@code on}, the socket is polled at the set-up step (see {@link UdpSocket#pollFast}); on the client's context. */
    public void pollFast(boolean on) {
        pollFast = on;
        if (socket != null) socket.pollFast(on);
    }

    /** Datagrams the socket could not send or take. */
    public long socketFailures() {
        return socket == null ? 0 : socket.failures();
    }

    /** The relayed address once allocated, else null. */
    public InetSocketAddress relayed() {
        return relayed;
    }

    /** Completes when the client closed: true if the server confirmed deleting the allocation. */
    public Future<Boolean> closed() {
        return closedPromise.future();
    }

    /** Lets {@code peer} reach us and gives it a channel; called for every remote candidate we may pair with. */
    public void permit(InetSocketAddress peer) {
        peer(peer);
    }

    /** Relays a datagram to {@code peer}; dropped (and counted) until the server holds a permission for it. */
    public void send(InetSocketAddress peer, byte[] buf, int off, int len) {
        Peer p = peer(peer);
        if (p == null || closed || failed || relayed == null) {
            dropped++;
            return;
        }
        if (p.channelBound) {
            if (ChannelData.HEADER + len > out.length) {
                dropped++;
                return;
            }
            int n = ChannelData.write(out, 0, p.channel, buf, off, len);
            channelDataOut++;
            socket.send(out, 0, n);
        } else if (p.permission.installed) {
            byte[] msg = TurnRequests.send(newTid(), peer, buf, off, len);
            indicationsOut++;
            socket.send(msg, 0, msg.length);
        } else {
            dropped++;
        }
    }

    public TurnStats stats() {
        return new TurnStats(requestsSent, retransmits, challenges, refreshes, permissionsOk, channelBinds, channelDataIn, channelDataOut,
                indicationsIn, indicationsOut, dropped, rejected, unmatched);
    }

    public String describe() {
        return "TURN " + name + (relayed != null ? " relay " + relayed.getAddress().getHostAddress() + ":" + relayed.getPort() : "");
    }

    /** Deletes the allocation (Refresh with lifetime 0), then closes the socket. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (housekeepingTimer >= 0) vertx.cancelTimer(housekeepingTimer);
        housekeepingTimer = -1;
        transactions.values().forEach(t -> vertx.cancelTimer(t.timer));
        transactions.clear();
        if (relayed == null || failed || socket == null) {
            finish(false);
            return;
        }
        // One attempt with a short wait: the server drops an unrefreshed allocation anyway when it expires.
        request(TurnMethod.REFRESH, (tid, a) -> TurnRequests.refresh(tid, a, 0), 1, r -> finish(r instanceof TurnResponse.Refreshed));
    }

    private void finish(boolean deallocated) {
        if (socket != null) socket.close();
        closedPromise.tryComplete(deallocated);
    }

    private void allocate() {
        request(TurnMethod.ALLOCATE, (tid, a) -> TurnRequests.allocate(tid, a, timing.lifetimeSeconds()), timing.maxAttempts(), r -> {
            switch (r) {
                case TurnResponse.Allocated a -> {
                    relayed = a.relayed();
                    expiresAtMs = now() + a.lifetimeSeconds() * 1000;
                    log.debug("call {}: TURN {}: allocated {} for {} s", call, name, relayed, a.lifetimeSeconds());
                    listener.allocated(a.relayed(), a.mapped());
                    peers.values().forEach(p -> p.permission.requestIfDue(now()));
                }
                case TurnResponse.Error e -> fail("TURN Allocate refused by " + name + ": " + e.code() + " " + e.reason());
                case TurnResponse.Timeout t -> fail("TURN server " + name + " did not answer Allocate");
                default -> fail("TURN Allocate at " + name + ": unexpected " + r);
            }
        });
    }

    private void refresh() {
        refreshPending = true;
        request(TurnMethod.REFRESH, (tid, a) -> TurnRequests.refresh(tid, a, timing.lifetimeSeconds()), timing.maxAttempts(), r -> {
            refreshPending = false;
            switch (r) {
                case TurnResponse.Refreshed f -> {
                    refreshes++;
                    expiresAtMs = now() + f.lifetimeSeconds() * 1000;
                }
                case TurnResponse.Error e -> fail("TURN allocation at " + name + " lost: Refresh answered " + e.code() + " " + e.reason());
                default -> fail("TURN allocation at " + name + " lost: Refresh got " + r);
            }
        });
    }

    private void housekeeping() {
        if (closed || failed || relayed == null) return;
        long now = now();
        if (!refreshPending && now >= expiresAtMs - timing.refreshLead().toMillis()) refresh();
        for (Permission p : permissions.values()) p.requestIfDue(now);
        for (Peer p : peers.values()) p.bindIfDue(now);
    }

    /** The peer record for {@code address}, created (with its permission) on first use; null when the table is full. */
    private Peer peer(InetSocketAddress address) {
        Peer p = peers.get(address);
        if (p != null) return p;
        if (peers.size() >= MAX_PEERS || address.isUnresolved()) return null;
        Permission perm = permissions.computeIfAbsent(address.getAddress(), Permission::new);
        p = new Peer(address, 0x4000 + peers.size(), perm);
        peers.put(address, p);
        byChannel[p.channel - 0x4000] = p;
        if (relayed != null && !closed) perm.requestIfDue(now());
        return p;
    }

    /** {@code d} is the socket's buffer, valid during the call only. */
    private void onPacket(InetSocketAddress from, byte[] d, int off, int len) {
        if (closed && transactions.isEmpty()) return;
        if (!server.equals(from)) {
            unmatched++; // only the server may talk to this socket (the connected socket filters already)
            return;
        }
        if (len > 0 && (d[off] & 0xC0) == 0x40) {
            onChannelData(d, off, len);
            return;
        }
        TurnResponse r = TurnResponseParser.parse(d, off, len, auth != null ? auth.key() : null);
        switch (r) {
            case TurnResponse.Rejected x -> {
                rejected++;
                // per datagram a hostile sender chooses: no varargs array unless the line is written
                if (log.isDebugEnabled()) log.debug("call {}: TURN {}: dropped a server message: {}", call, name, x.reason());
            }
            case TurnResponse.DataIndication di -> {
                if (!permissions.containsKey(di.peer().getAddress())) {
                    dropped++;
                    return;
                }
                indicationsIn++;
                byte[] data = di.data();
                listener.data(di.peer(), data, 0, data.length);
            }
            default -> {
                Transaction t = transactions.remove(HexFormat.of().formatHex(d, off + 8, off + 20));
                if (t == null) {
                    unmatched++;
                    return;
                }
                vertx.cancelTimer(t.timer);
                t.onResponse(r);
            }
        }
    }

    private void onChannelData(byte[] d, int off, int len) {
        if (!ChannelData.isChannelData(d, off, len)) {
            rejected++;
            return;
        }
        int index = ChannelData.channel(d, off) - 0x4000;
        Peer p = index < byChannel.length ? byChannel[index] : null;
        if (p == null || !p.channelBound) {
            rejected++;
            return;
        }
        channelDataIn++;
        listener.data(p.address, d, off + ChannelData.HEADER, ChannelData.payloadLength(d, off));
    }

    /** Sends a request that is re-signed whenever the server challenges it; {@code done} gets the final outcome. */
    private void request(TurnMethod method, Encoder encoder, int attempts, java.util.function.Consumer<TurnResponse> done) {
        new Transaction(method, encoder, attempts, done).send();
    }

    private void fail(String reason) {
        if (failed || closed) return;
        failed = true;
        log.info("call {}: {}", call, reason);
        if (housekeepingTimer >= 0) vertx.cancelTimer(housekeepingTimer);
        housekeepingTimer = -1;
        listener.failed(reason);
    }

    private byte[] newTid() {
        byte[] tid = new byte[12];
        random.nextBytes(tid);
        return tid;
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    @FunctionalInterface
    private interface Encoder {
        byte[] encode(byte[] tid, TurnAuth auth);
    }

    /** One request and its retransmissions; a challenge restarts it as a new transaction with the new nonce. */
    private final class Transaction {
        final TurnMethod method;
        final Encoder encoder;
        final int attempts;
        final java.util.function.Consumer<TurnResponse> done;
        byte[] message;
        TurnAuth sentWith;
        int sent, nonceRetries;
        long timer = -1;

        Transaction(TurnMethod method, Encoder encoder, int attempts, java.util.function.Consumer<TurnResponse> done) {
            this.method = method;
            this.encoder = encoder;
            this.attempts = attempts;
            this.done = done;
        }

        void send() {
            byte[] tid = newTid();
            sentWith = auth;
            message = encoder.encode(tid, auth);
            sent = 0;
            transactions.put(HexFormat.of().formatHex(tid), this);
            requestsSent++;
            transmit(HexFormat.of().formatHex(tid));
        }

        private void transmit(String key) {
            sent++;
            socket.send(message, 0, message.length);
            long wait = Math.min(MAX_RTO_MS, timing.rto().toMillis() << Math.min(sent - 1, 10));
            timer = vertx.setTimer(Math.max(1, wait), id -> {
                if (transactions.get(key) != this) return;
                if (sent >= attempts) {
                    transactions.remove(key);
                    done.accept(new TurnResponse.Timeout(method));
                    return;
                }
                retransmits++;
                transmit(key);
            });
        }

        void onResponse(TurnResponse r) {
            if (r instanceof TurnResponse.Challenge c) {
                challenges++;
                boolean stale = c.code() == 438 && sentWith != null && nonceRetries++ < MAX_NONCE_RETRIES;
                if (sentWith == null || stale) {
                    // The first 401 names the realm; 438 only renews the nonce (and may name a new realm).
                    String realm = c.realm() != null ? c.realm() : sentWith != null ? sentWith.realm() : null;
                    if (realm == null) {
                        done.accept(new TurnResponse.Error(method, c.code(), "challenge without a realm"));
                        return;
                    }
                    auth = auth != null && realm.equals(auth.realm()) ? auth.withNonce(c.nonce()) : TurnAuth.of(credentials, realm, c.nonce());
                    send();
                    return;
                }
                fail("TURN authentication failed at " + name + " (" + c.code() + " to " + method + " signed as '" + credentials.username()
                        + "' in realm '" + sentWith.realm() + "'): wrong username or password");
                done.accept(new TurnResponse.Error(method, c.code(), "authentication failed"));
                return;
            }
            done.accept(r);
        }
    }

    /** The server's permission for one peer IP (ports are not part of a permission). */
    private final class Permission {
        final InetAddress address;
        boolean installed, pending;
        long installedAtMs, triedAtMs;

        Permission(InetAddress address) {
            this.address = address;
        }

        void requestIfDue(long now) {
            if (pending || failed || closed || installed && now - installedAtMs < timing.permissionRefresh().toMillis()) return;
            if (!installed && now - triedAtMs < RETRY_MS) return; // refused or unanswered: try again later, not every tick
            pending = true;
            triedAtMs = now;
            var peer = new InetSocketAddress(address, 0);
            request(TurnMethod.CREATE_PERMISSION, (tid, a) -> TurnRequests.createPermission(tid, a, peer), timing.maxAttempts(), r -> {
                pending = false;
                if (r instanceof TurnResponse.PermissionCreated) {
                    permissionsOk++;
                    boolean first = !installed;
                    installed = true;
                    installedAtMs = now();
                    for (Peer p : peers.values()) if (p.permission == this) p.bindIfDue(now());
                    if (first) listener.permitted(address);
                } else {
                    // 403 is how Telegram's TURN refuses some peer addresses; the pair just never succeeds.
                    log.debug("call {}: TURN {}: CreatePermission for {} got {}", call, name, address.getHostAddress(), r);
                }
            });
        }
    }

    /** One peer transport address and its channel. */
    private final class Peer {
        final InetSocketAddress address;
        final int channel;
        final Permission permission;
        boolean channelBound, bindPending;
        long boundAtMs, triedAtMs;

        Peer(InetSocketAddress address, int channel, Permission permission) {
            this.address = address;
            this.channel = channel;
            this.permission = permission;
        }

        void bindIfDue(long now) {
            if (bindPending || failed || closed || !permission.installed) return;
            if (channelBound && now - boundAtMs < timing.channelRefresh().toMillis()) return;
            if (!channelBound && now - triedAtMs < RETRY_MS) return;
            bindPending = true;
            triedAtMs = now;
            request(TurnMethod.CHANNEL_BIND, (tid, a) -> TurnRequests.channelBind(tid, a, channel, address), timing.maxAttempts(), r -> {
                bindPending = false;
                if (r instanceof TurnResponse.ChannelBound) {
                    channelBinds++;
                    channelBound = true;
                    boundAtMs = now();
                } else {
                    log.debug("call {}: TURN {}: ChannelBind for {} got {}", call, name, address, r);
                }
            });
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
