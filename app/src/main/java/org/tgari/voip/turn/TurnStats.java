package org.tgari.voip.turn;

/**
 * Counters of one TURN client. {@code rejected}: server datagrams dropped as malformed or
 * unauthenticated; {@code unmatched}: well-formed responses to no pending transaction or from another source.
 */
public record TurnStats(long requestsSent, long retransmits, long challenges, long refreshes, long permissions, long channelBinds,
                        long channelDataIn, long channelDataOut, long indicationsIn, long indicationsOut, long dropped,
                        long rejected, long unmatched) {}
