package org.tgari.voip.ice;

/**
 * Counters of one ICE agent; {@code socketErrors}: datagrams its sockets could not send or take (too
 * large, ICMP errors); {@code peerReflexiveRefused}: checks from new addresses refused once the call had
 * its maximum of peer-reflexive pairs.
 */
public record IceStats(long checksSent, long checksReceived, long responsesReceived, long badStun, long badCandidates,
                       long dataIn, long dataOut, long dataDropped, int pairs, long socketErrors, long peerReflexiveRefused) {}
