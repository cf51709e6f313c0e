package org.tgari.voip.signaling;

/** An RTP header extension id and its URI. */
public record RtpExtension(int id, String uri) {}
