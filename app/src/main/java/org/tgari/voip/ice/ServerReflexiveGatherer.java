package org.tgari.voip.ice;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.tgari.voip.stun.StunAttribute;
import org.tgari.voip.stun.StunMessage;
import org.tgari.voip.stun.StunMessageBuilder;

/**
 * Learns the host socket's public address: a STUN Binding request (RFC 8489, no credentials) to
 * each STUN server, retransmitted until answered or given up, every answer's XOR-MAPPED-ADDRESS
 * reported once. The agent polls it from its check timer and feeds it the Binding responses that
 * arrive on the host socket; it owns no socket or timer itself.
 */
final class ServerReflexiveGatherer {
    private static final long FIRST_RTO_MS = 250;
    private static final long MAX_RTO_MS = 2000;
    private static final int MAX_ATTEMPTS = 6;

    private final List<Query> queries = new ArrayList<>();
    private final SecureRandom random;

    ServerReflexiveGatherer(List<InetSocketAddress> servers, SecureRandom random) {
        this.random = random;
        for (InetSocketAddress s : servers) queries.add(new Query(s));
    }

    /** Sends the requests that are due; {@code send} takes the message and the server address. */
    void poll(long nowMs, BiConsumer<byte[], InetSocketAddress> send) {
        for (Query q : queries) {
            if (q.done || nowMs < q.nextMs) continue;
            if (q.attempts >= MAX_ATTEMPTS) {
                q.done = true;
                continue;
            }
            if (q.tid == null) {
                q.tid = new byte[12];
                random.nextBytes(q.tid);
                q.request = StunMessageBuilder.bindingRequest(q.tid).build(null, true);
            }
            q.nextMs = nowMs + Math.min(MAX_RTO_MS, FIRST_RTO_MS << q.attempts);
            q.attempts++;
            send.accept(q.request, q.server);
        }
    }

    /**
     * Takes a Binding response if it answers one of our requests and comes from the server asked: true
     * when it did (then the mapped address, if any, went to {@code mapped}); false when it belongs to
     * someone else, or is a forgery from another address (the request stays open for the real answer).
     */
    boolean onResponse(StunMessage m, InetSocketAddress from, Consumer<InetSocketAddress> mapped) {
        for (Query q : queries) {
            if (q.done || q.tid == null || !m.hasTransactionId(q.tid) || !q.server.equals(from)) continue;
            q.done = true;
            if (m.type() == StunMessage.BINDING_SUCCESS) m.attribute(StunAttribute.XorMappedAddress.class).ifPresent(a -> mapped.accept(a.address()));
            return true;
        }
        return false;
    }

    /** True when no request is outstanding. */
    boolean finished() {
        return queries.stream().allMatch(q -> q.done);
    }

    private static final class Query {
        final InetSocketAddress server;
        byte[] tid;
        byte[] request;
        int attempts;
        long nextMs;
        boolean done;

        Query(InetSocketAddress server) {
            this.server = server;
        }
    }
}
