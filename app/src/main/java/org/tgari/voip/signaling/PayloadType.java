package org.tgari.voip.signaling;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** An RTP payload type (codec) with its feedback types and fmtp parameters; empty parameter keys are legal (RED). */
public record PayloadType(int id, String name, int clockrate, int channels, List<FeedbackType> feedbackTypes,
                          Map<String, String> parameters) {
    public PayloadType {
        Objects.requireNonNull(name, "name");
        feedbackTypes = List.copyOf(feedbackTypes);
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        parameters.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "parameter key"),
                Objects.requireNonNull(v, "parameter value")));
        parameters = Collections.unmodifiableMap(copy);
    }
}
