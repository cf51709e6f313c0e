package org.tgari.voip.signaling;

/** A DTLS certificate fingerprint: hash "sha-256", setup role, uppercase hex pairs joined by ':'. */
public record Fingerprint(String hash, String setup, String fingerprint) {}
