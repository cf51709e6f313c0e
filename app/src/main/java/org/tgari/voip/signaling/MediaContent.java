package org.tgari.voip.signaling;

import java.util.List;

/** One media stream of a NegotiateChannels: "audio" or "video", its SSRC, codecs and header extensions. */
public record MediaContent(String type, long ssrc, List<SsrcGroup> ssrcGroups, List<PayloadType> payloadTypes, List<RtpExtension> rtpExtensions) {
    public MediaContent {
        ssrcGroups = List.copyOf(ssrcGroups);
        payloadTypes = List.copyOf(payloadTypes);
        rtpExtensions = List.copyOf(rtpExtensions);
    }
}
