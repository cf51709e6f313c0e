package org.tgari.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** One JSON message from baresip's ctrl_tcp module: an event, a command response, or something unusable. */
sealed interface BaresipMessage {

    /** E.g. type CALL_ESTABLISHED / CALL_CLOSED / CALL_INCOMING; param holds the detail (for CALL_CLOSED the reason). */
    record Event(String type, String callId, String peerUri, String param) implements BaresipMessage {
    }

    record Response(boolean ok, String data, String token) implements BaresipMessage {
    }

    record Rejected(String reason) implements BaresipMessage {
    }

    ObjectMapper JSON = new ObjectMapper();

    static BaresipMessage parse(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            return new Rejected("not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            return new Rejected("not a JSON object: " + json);
        }
        if (node.path("event").asBoolean(false)) {
            return new Event(node.path("type").asText(""), node.path("id").asText(""),
                    node.path("peeruri").asText(""), node.path("param").asText(""));
        }
        if (node.path("response").asBoolean(false)) {
            return new Response(node.path("ok").asBoolean(false), node.path("data").asText(""), node.path("token").asText(""));
        }
        return new Rejected("neither event nor response: " + json);
    }
}
