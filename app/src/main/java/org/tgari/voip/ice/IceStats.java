package org.tgari.voip.ice;

/** Counters of one ICE agent. */
public record IceStats(long checksSent, long checksReceived, long responsesReceived, long badStun, long badCandidates,
                       long dataIn, long dataOut, long dataDropped, int pairs) {}
