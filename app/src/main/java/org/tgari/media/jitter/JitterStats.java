package org.tgari.media.jitter;

/**
 * Counters of one jitter buffer: packets received, frames played from real packets, frames concealed
 * (PLC or fill), frames recovered by FEC, packets too late, duplicates, packets dropped (invalid, too
 * far ahead, overflow), and the audio currently held, in ms.
 */
public record JitterStats(long received, long played, long concealed, long fecRecovered, long late, long duplicates, long dropped,
                          int currentDelayMs) {}
