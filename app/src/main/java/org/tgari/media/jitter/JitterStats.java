package org.tgari.media.jitter;

/**
 * Counters of one jitter buffer: packets received, frames played from real packets, frames concealed
 * (PLC or fill), frames recovered by FEC, packets too late, duplicates, packets dropped (invalid, too
 * far ahead, overflow, cut to bound the delay), frames added to wait for a stream that ran late
 * ({@code expanded}: the buffer ran dry, or ran low and inserted one), frames taken out to shed delay
 * ({@code compressed}), and the audio currently held, in ms.
 */
public record JitterStats(long received, long played, long concealed, long fecRecovered, long late, long duplicates, long dropped,
                          long expanded, long compressed, int currentDelayMs) {}
