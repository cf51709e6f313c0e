package org.tgari.voip.signaling;

import java.util.List;
import java.util.Objects;

/** One media content of a negotiation: type ("audio"/"video"), uint32 SSRC, codecs and header extensions. */
public record MediaContent(String type, long ssrc, List<SsrcGroup> ssrcGroups, List<PayloadType> payloadTypes,
                           List<RtpExtension> rtpExtensions) {
    public MediaContent {
        Objects.requireNonNull(type, "type");
        Uint32.require(ssrc, "ssrc");
        ssrcGroups = List.copyOf(ssrcGroups);
        payloadTypes = List.copyOf(payloadTypes);
        rtpExtensions = List.copyOf(rtpExtensions);
    }
}
