package org.tgari.telegram;

/**
 * Counters of a voice channel's transport (not of the codec), with the path quality the transport
 * measures: round-trip time (NaN until known), receive jitter, and the loss the peer reports.
 */
public record VoiceStats(long packetsIn, long packetsOut, long malformedIn, double rttMs, double jitterMs, double remoteLossPercent) {}
