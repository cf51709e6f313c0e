package org.tgari.voip.signaling;

import java.util.Objects;

/** An RTP header extension id and URI. */
public record RtpExtension(int id, String uri) {
    public RtpExtension {
        Objects.requireNonNull(uri, "uri");
    }
}
