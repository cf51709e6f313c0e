package org.tgari.voip.engine;

/**
 * Per-call counters of the media engine, with what RTCP tells: round-trip time (NaN until known), our
 * receive jitter, packets we lost, the loss the peer reports about our stream, and how many received
 * packets carried the negotiated transport-wide sequence number (and feedback reports we sent about them).
 */
public record EngineStats(long rtpIn, long rtpOut, long srtpFailures, long unknownSsrc, long dtlsIn, long rtcpIn,
                          long signalingIn, long signalingOut, long droppedBeforeReady, double rttMs, double jitterMs,
                          long packetsLost, double remoteLossPercent, long transportCcIn, long feedbackOut) {}
