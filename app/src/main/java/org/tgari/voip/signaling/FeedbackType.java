package org.tgari.voip.signaling;

/** An RTCP feedback type such as transport-cc. */
public record FeedbackType(String type, String subtype) {}
