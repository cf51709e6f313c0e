package org.tgari.voip.signaling;

import java.util.Objects;

/** Remote media state (mute, low battery, video/screencast state "inactive"|"suspended"|"active", rotation). */
public record MediaState(boolean muted, boolean lowBattery, String videoState, String screencastState,
                         int videoRotation) implements SignalingMessage {
    public MediaState {
        Objects.requireNonNull(videoState, "videoState");
        Objects.requireNonNull(screencastState, "screencastState");
    }
}
