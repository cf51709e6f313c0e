package org.tgari.voip.signaling;

import java.util.List;

/** An offer or answer of media contents; both carry the same uint32 {@code exchangeId}. */
public record NegotiateChannels(long exchangeId, List<MediaContent> contents) implements SignalingMessage {
    public NegotiateChannels {
        Uint32.require(exchangeId, "exchangeId");
        contents = List.copyOf(contents);
    }
}
