package org.tgari.voip.signaling;

import java.util.List;

/** ICE candidates in SDP candidate syntax (without "a="). */
public record Candidates(List<String> sdpStrings) implements SignalingMessage {
    public Candidates {
        sdpStrings = List.copyOf(sdpStrings);
    }
}
