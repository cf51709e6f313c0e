package org.tgari.voip.turn;

import java.net.InetSocketAddress;
import java.util.Arrays;

/** The outcome of a TURN request or a server message, checked and interpreted; {@link Rejected} ones are dropped and counted. */
public sealed interface TurnResponse {

    /** 401 or 438: the server names (again) the realm and nonce to authenticate with. */
    record Challenge(int code, String realm, String nonce) implements TurnResponse {}

    /** Any other error response to request {@code method}. */
    record Error(TurnMethod method, int code, String reason) implements TurnResponse {}

    record Allocated(InetSocketAddress relayed, InetSocketAddress mapped, long lifetimeSeconds) implements TurnResponse {}

    record Refreshed(long lifetimeSeconds) implements TurnResponse {}

    record PermissionCreated() implements TurnResponse {}

    record ChannelBound() implements TurnResponse {}

    /** A Data indication: a peer's datagram relayed without a channel. */
    record DataIndication(InetSocketAddress peer, byte[] data) implements TurnResponse {
        public DataIndication {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DataIndication d && peer.equals(d.peer) && Arrays.equals(data, d.data);
        }

        @Override
        public int hashCode() {
            return 31 * peer.hashCode() + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "DataIndication[peer=" + peer + ", " + data.length + " bytes]";
        }
    }

    /** Not from the server: the client's verdict when a request got no answer after all retransmissions. */
    record Timeout(TurnMethod method) implements TurnResponse {}

    /** Malformed, unauthenticated where authentication is required, or not something a client expects. */
    record Rejected(String reason) implements TurnResponse {}
}
