package org.tgari.voip.ice;

/**
 * A local transport of an agent, a candidate's base (RFC 8445): a host socket, a socket toward one
 * Telegram reflector, or an allocation on a TURN server. Everything runs on the agent's context.
 */
abstract sealed class CandidateBase permits HostBase, ReflectorBase, TurnBase {
    final BaseEnvironment env;
    final BaseEvents events;

    CandidateBase(BaseEnvironment env, BaseEvents events) {
        this.env = env;
        this.events = events;
    }

    /** Opens the socket (or allocation); the candidate is signalled once it exists. */
    abstract void open();

    /** True if a remote candidate can be paired with this base. */
    abstract boolean accepts(IceCandidate remote);

    abstract long priority();

    abstract void send(byte[] buf, int off, int len, RemoteAddress to);

    /** A pair with {@code remote} now exists (a TURN base asks its server to let that peer in). */
    void pairAdded(RemoteAddress remote) {}

    /** What a binding response to {@code from} reports as its mapped address. */
    java.net.InetSocketAddress mappedAddressOf(RemoteAddress from) {
        return from.mappedAddress();
    }

    /** True once the base can no longer carry anything. */
    boolean failed() {
        return false;
    }

    abstract String describe();

    /** Polls at the set-up step while {@code on}. */
    abstract void pollFast(boolean on);

    /** Datagrams the base's socket could not send or take. */
    abstract long socketFailures();

    abstract void close();
}
