package org.tgari.voip.signaling;

import java.util.List;
import java.util.Map;

/** A codec of a content; parameters are its fmtp pairs (keys may be empty, as RED's are). */
public record PayloadType(int id, String name, int clockrate, int channels, List<FeedbackType> feedbackTypes, Map<String, String> parameters) {
    public PayloadType {
        feedbackTypes = List.copyOf(feedbackTypes);
        parameters = Map.copyOf(parameters);
    }
}
