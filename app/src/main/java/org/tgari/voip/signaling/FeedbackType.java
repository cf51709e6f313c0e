package org.tgari.voip.signaling;

import java.util.Objects;

/** An RTCP feedback type, e.g. ("transport-cc", ""). */
public record FeedbackType(String type, String subtype) {
    public FeedbackType {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subtype, "subtype");
    }
}
