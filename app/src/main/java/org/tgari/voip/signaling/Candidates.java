package org.tgari.voip.signaling;

import java.util.List;

/** ICE candidates in WebRTC's SDP form without {@code a=} ({@code "@type":"Candidates"}). */
public record Candidates(List<String> sdpStrings) implements SignalingMessage {
    public Candidates {
        sdpStrings = List.copyOf(sdpStrings);
    }
}
