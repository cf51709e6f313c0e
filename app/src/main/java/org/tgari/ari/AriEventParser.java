package org.tgari.ari;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns ARI event JSON into {@link AriEvent}s. Reads the tree leniently: newer Asterisk releases add
 * fields (22.7's {@code tech_cause} broke strict mappers), and an event we cannot read is reported, not thrown.
 */
public final class AriEventParser {

    private final ObjectMapper mapper = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public Optional<AriEvent> parse(String json) {
        JsonNode n;
        try {
            n = mapper.readTree(json);
        } catch (Exception e) {
            return Optional.empty();
        }
        if (n == null || !n.isObject() || !n.path("type").isTextual()) return Optional.empty();
        String type = n.path("type").asText();
        JsonNode channel = n.path("channel");
        String channelId = channel.path("id").isTextual() ? channel.path("id").asText() : null;
        AriEvent event = switch (type) {
            case "StasisStart" -> new AriEvent.StasisStart(channelId, channel.path("name").asText(""),
                    strings(n.path("args")), channel.path("caller").path("number").asText(""), vars(channel.path("channelvars")),
                    channel.path("caller").path("name").asText(""));
            case "StasisEnd" -> new AriEvent.StasisEnd(channelId);
            case "ChannelHangupRequest" -> new AriEvent.ChannelHangupRequest(channelId, n.path("cause").asInt(0));
            case "ChannelDestroyed" -> new AriEvent.ChannelDestroyed(channelId, n.path("cause").asInt(0), n.path("cause_txt").asText(""));
            case "ChannelStateChange" -> new AriEvent.ChannelStateChange(channelId, channel.path("state").asText(""));
            case "ChannelDtmfReceived" -> new AriEvent.ChannelDtmfReceived(channelId, n.path("digit").asText(""), n.path("duration_ms").asInt(0));
            case "ChannelUserevent" -> new AriEvent.UserEvent(n.path("eventname").asText(""), n.path("application").asText(""),
                    vars(n.path("userevent")));
            case "PlaybackFinished" -> new AriEvent.PlaybackFinished(n.path("playback").path("id").asText(""),
                    n.path("playback").path("target_uri").asText(""), n.path("playback").path("state").asText(""));
            case "ApplicationReplaced" -> new AriEvent.ApplicationReplaced(n.path("application").asText(""));
            default -> new AriEvent.Other(type, channelId);
        };
        boolean aboutAChannel = !(event instanceof AriEvent.Other || event instanceof AriEvent.UserEvent
                || event instanceof AriEvent.ApplicationReplaced || event instanceof AriEvent.PlaybackFinished);
        if (channelId == null && aboutAChannel) return Optional.empty();
        return Optional.of(event);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) array.forEach(a -> out.add(a.asText()));
        return List.copyOf(out);
    }

    private static Map<String, String> vars(JsonNode obj) {
        Map<String, String> out = new LinkedHashMap<>();
        if (obj.isObject()) obj.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return Map.copyOf(out);
    }
}
