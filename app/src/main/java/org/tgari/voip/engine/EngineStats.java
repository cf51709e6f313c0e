package org.tgari.voip.engine;

/** Per-call counters of the media engine. */
public record EngineStats(long rtpIn, long rtpOut, long srtpFailures, long unknownSsrc, long dtlsIn, long rtcpIn,
                          long signalingIn, long signalingOut, long droppedBeforeReady) {}
