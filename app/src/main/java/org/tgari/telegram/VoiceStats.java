package org.tgari.telegram;

/** Counters of a voice channel's transport (not of the codec). */
public record VoiceStats(long packetsIn, long packetsOut, long malformedIn) {}
