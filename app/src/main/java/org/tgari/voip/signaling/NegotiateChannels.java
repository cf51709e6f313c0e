package org.tgari.voip.signaling;

import java.util.List;

/** An offer (the contents the sender will send) or, with the same exchange id, its answer. */
public record NegotiateChannels(long exchangeId, List<MediaContent> contents) implements SignalingMessage {
    public NegotiateChannels {
        contents = List.copyOf(contents);
    }
}
