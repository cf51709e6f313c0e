package org.tgari.voip.signaling;

/** The peer's mute, battery and video state. */
public record MediaState(boolean muted, boolean lowBattery, String videoState, String screencastState, int videoRotation) implements SignalingMessage {}
