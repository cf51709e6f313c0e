package org.tgari.voip.ice;

/** One candidate pair of an agent and its check state; touched only on the agent's context. */
public final class CandidatePair {
    final CandidateBase base;
    final RemoteAddress remote;
    final long priority;
    final boolean peerReflexive;
    boolean succeeded, failed, validatedByPeer, nominatedByPeer, useCandidateSent;
    long lastCheckMs;
    int checks, nominations;

    CandidatePair(CandidateBase base, RemoteAddress remote, long priority, boolean peerReflexive) {
        this.base = base;
        this.remote = remote;
        this.priority = priority;
        this.peerReflexive = peerReflexive;
    }

    /** Pair priority (RFC 8445 §6.1.2.3) from the controlling ({@code g}) and controlled ({@code d}) candidates' priorities. */
    static long priority(long g, long d) {
        return (Math.min(g, d) << 32) + 2 * Math.max(g, d) + (g > d ? 1 : 0);
    }

    /** Its local and remote ends, for logs and the Connected state. */
    public String describe() {
        return base.describe() + " <-> " + remote.host() + ":" + remote.port();
    }

    @Override
    public String toString() {
        return describe();
    }
}
