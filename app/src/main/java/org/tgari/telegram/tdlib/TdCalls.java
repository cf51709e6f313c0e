package org.tgari.telegram.tdlib;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tgari.routing.CallOutcome;
import org.tgari.voip.engine.CallParams;
import org.tgari.voip.engine.CallServerJson;
import org.tgari.voip.ice.CallServer;
import org.tgari.voip.signaling.SignalingVersion;

/**
 * The TDLib JSON of calls, read and written as td_api.tl defines it: the protocol we advertise, the
 * {@code updateCall} states, discard reasons and errors mapped to call outcomes.
 */
public final class TdCalls {

    /** The layers tdesktop advertises; the server rejects calls outside what both sides accept. */
    public static final int MIN_LAYER = 65;
    public static final int MAX_LAYER = 92;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern FLOOD_WAIT = Pattern.compile("FLOOD_WAIT_(\\d{1,9})");
    private static final Pattern RETRY_AFTER = Pattern.compile("retry after (\\d{1,9})");

    private TdCalls() {}

    /** {@code callProtocol} for createCall/acceptCall: the library versions the engine speaks, newest first. */
    public static ObjectNode protocol() {
        ObjectNode p = MAPPER.createObjectNode().put("@type", "callProtocol")
                .put("udp_p2p", true).put("udp_reflector", true).put("min_layer", MIN_LAYER).put("max_layer", MAX_LAYER);
        ArrayNode versions = p.putArray("library_versions");
        versions.add(SignalingVersion.V8_0_0.wire());
        versions.add(SignalingVersion.V7_0_0.wire());
        return p;
    }

    /** A call as {@code updateCall} carries it. */
    public record Call(int id, long userId, boolean outgoing, boolean video, TdCallState state) {}

    /** Reads {@code updateCall}; empty when it is not one or lacks the call's id. */
    public static Optional<Call> readUpdateCall(JsonNode update) {
        if (!"updateCall".equals(update.path("@type").asText())) return Optional.empty();
        JsonNode call = update.path("call");
        if (!call.path("id").canConvertToInt()) return Optional.empty();
        boolean outgoing = call.path("is_outgoing").asBoolean();
        return Optional.of(new Call(call.path("id").asInt(), call.path("user_id").asLong(), outgoing, call.path("is_video").asBoolean(),
                readState(call.path("state"), outgoing)));
    }

    static TdCallState readState(JsonNode s, boolean outgoing) {
        return switch (s.path("@type").asText()) {
            case "callStatePending" -> new TdCallState.Pending(s.path("is_created").asBoolean(), s.path("is_received").asBoolean());
            case "callStateExchangingKeys" -> new TdCallState.ExchangingKeys();
            case "callStateReady" -> ready(s, outgoing);
            case "callStateHangingUp" -> new TdCallState.HangingUp();
            case "callStateDiscarded" -> new TdCallState.Discarded(reason(s.path("reason").path("@type").asText()));
            case "callStateError" -> new TdCallState.Error(s.path("error").path("code").asInt(), s.path("error").path("message").asText());
            default -> new TdCallState.Error(0, "unknown call state " + s.path("@type").asText());
        };
    }

    private static TdCallState ready(JsonNode s, boolean outgoing) {
        JsonNode versions = s.path("protocol").path("library_versions");
        String version = versions.isArray() && !versions.isEmpty() ? versions.get(0).asText() : "";
        byte[] key;
        try {
            key = Base64.getDecoder().decode(s.path("encryption_key").asText(""));
        } catch (IllegalArgumentException e) {
            return new TdCallState.Error(0, "encryption_key is not base64");
        }
        if (key.length != 256) return new TdCallState.Error(0, "encryption_key has " + key.length + " bytes, expected 256");
        List<CallServer> servers = new ArrayList<>();
        for (JsonNode server : s.path("servers")) {
            try {
                CallServer cs = CallServerJson.parse(server);
                if (cs != null) servers.add(cs);
            } catch (IllegalArgumentException e) {
                // one unreadable server is no reason to fail the call; the others may do
            }
        }
        List<String> emojis = new ArrayList<>();
        s.path("emojis").forEach(e -> emojis.add(e.asText()));
        return new TdCallState.Ready(new CallParams(key, outgoing, version, servers, s.path("allow_p2p").asBoolean(),
                customParameters(s.path("custom_parameters").asText(""))), List.copyOf(emojis));
    }

    /** custom_parameters is a JSON object in a string; values kept as text. */
    static Map<String, String> customParameters(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        if (json.isBlank()) return out;
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n != null && n.isObject()) n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        } catch (Exception e) {
            out.put("unreadable", json);
        }
        return out;
    }

    private static TdCallState.DiscardReason reason(String type) {
        return switch (type) {
            case "callDiscardReasonMissed" -> TdCallState.DiscardReason.MISSED;
            case "callDiscardReasonDeclined" -> TdCallState.DiscardReason.DECLINED;
            case "callDiscardReasonDisconnected" -> TdCallState.DiscardReason.DISCONNECTED;
            case "callDiscardReasonHungUp" -> TdCallState.DiscardReason.HUNG_UP;
            case "callDiscardReasonUpgradeToGroupCall" -> TdCallState.DiscardReason.UPGRADE_TO_GROUP_CALL;
            default -> TdCallState.DiscardReason.EMPTY;
        };
    }

    /** How a call that ends before being answered reaches the SIP caller. */
    public static CallOutcome outcome(TdCallState.DiscardReason reason) {
        // TDLib reports the server's "busy" (callee in another call, or pressing decline) as Declined;
        // a PBX expects 486 for that. HungUp before an answer is a callee who picked up a refusal path.
        return switch (reason) {
            case MISSED -> CallOutcome.NO_ANSWER;
            case DECLINED -> CallOutcome.BUSY;
            case HUNG_UP -> CallOutcome.DECLINED;
            case UPGRADE_TO_GROUP_CALL -> CallOutcome.GROUP_CALL;
            case DISCONNECTED, EMPTY -> CallOutcome.INTERNAL_ERROR;
        };
    }

    /**
     * An error TDLib or the server returned, as a call outcome. TDLib turns the server's FLOOD_WAIT_x
     * into code 429 "Too Many Requests: retry after x"; both spellings are read.
     */
    public static CallOutcome outcome(int code, String message) {
        if (code == 429 || floodWaitSeconds(message) >= 0) return CallOutcome.FLOOD_WAIT;
        if (message == null) return CallOutcome.INTERNAL_ERROR;
        return switch (message) {
            case "USER_PRIVACY_RESTRICTED", "USER_IS_BLOCKED" -> CallOutcome.PRIVACY_RESTRICTED;
            case "USER_BUSY", "CALL_ALREADY_ACCEPTED" -> CallOutcome.BUSY;
            case "USER_NOT_FOUND", "USER_ID_INVALID", "PEER_ID_INVALID" -> CallOutcome.NOT_FOUND;
            case "PARTICIPANT_VERSION_OUTDATED", "CALL_PROTOCOL_COMPAT_LAYER_INVALID", "CALL_PROTOCOL_FLAGS_INVALID" ->
                    CallOutcome.INCOMPATIBLE;
            default -> code == 401 ? CallOutcome.TELEGRAM_UNAVAILABLE : CallOutcome.INTERNAL_ERROR;
        };
    }

    /** Seconds to wait in a flood-wait error ({@code FLOOD_WAIT_x} or TDLib's "retry after x"), or -1. */
    public static int floodWaitSeconds(String message) {
        if (message == null) return -1;
        Matcher m = FLOOD_WAIT.matcher(message);
        if (m.find()) return Integer.parseInt(m.group(1));
        m = RETRY_AFTER.matcher(message);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** {@code updateNewCallSignalingData}: the call id and the blob; empty when it is not one. */
    public record SignalingData(int callId, byte[] data) {}

    public static Optional<SignalingData> readSignaling(JsonNode update) {
        if (!"updateNewCallSignalingData".equals(update.path("@type").asText())) return Optional.empty();
        try {
            return Optional.of(new SignalingData(update.path("call_id").asInt(), Base64.getDecoder().decode(update.path("data").asText(""))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code sendCallSignalingData} for a blob the engine emitted. */
    public static ObjectNode sendSignaling(int callId, byte[] data) {
        return MAPPER.createObjectNode().put("@type", "sendCallSignalingData").put("call_id", callId)
                .put("data", Base64.getEncoder().encodeToString(data));
    }

    /** {@code acceptCall} for an incoming call, with the same protocol createCall advertises. */
    public static ObjectNode accept(int callId) {
        ObjectNode a = MAPPER.createObjectNode().put("@type", "acceptCall").put("call_id", callId);
        a.set("protocol", protocol());
        return a;
    }

    /** {@code discardCall} with the duration and the engine's connection id (0 when none). */
    public static ObjectNode discard(int callId, boolean disconnected, int durationSeconds, long connectionId) {
        return MAPPER.createObjectNode().put("@type", "discardCall").put("call_id", callId).put("is_disconnected", disconnected)
                .put("invite_link", "").put("duration", durationSeconds).put("is_video", false).put("connection_id", connectionId);
    }
}
