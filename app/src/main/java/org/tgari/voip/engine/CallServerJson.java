package org.tgari.voip.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.tgari.voip.ice.CallServer;

/**
 * Reads TDLib {@code callServer} objects as td_api JSON emits them (bytes as base64, int64 as
 * strings). Servers of unknown type are skipped, not fatal: Telegram adds types over time.
 */
public final class CallServerJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CallServerJson() {}

    /** Parses a JSON array of callServer objects; throws IllegalArgumentException naming what is wrong. */
    public static List<CallServer> parseArray(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("call servers: not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) throw new IllegalArgumentException("call servers: expected a JSON array of callServer objects");
        List<CallServer> out = new ArrayList<>();
        for (JsonNode n : root) {
            CallServer s = parse(n);
            if (s != null) out.add(s);
        }
        return List.copyOf(out);
    }

    /**
     * One callServer; null when its type is unknown. The outer {@code "@type":"callServer"} may be left
     * out (the array says what its elements are; tgcalls' own test peer reads files without it), but an
     * object that names another type is refused.
     */
    public static CallServer parse(JsonNode n) {
        if (!n.isObject()) throw new IllegalArgumentException("call servers: expected a callServer object, got " + n);
        JsonNode outerType = n.path("@type");
        if (!outerType.isMissingNode() && !"callServer".equals(outerType.asText())) {
            throw new IllegalArgumentException("call servers: expected @type callServer, got " + outerType);
        }
        long id = n.path("id").asLong();
        String ip = n.path("ip_address").asText("");
        String ipv6 = n.path("ipv6_address").asText("");
        int port = n.path("port").asInt();
        if (port <= 0 || port > 65535) throw new IllegalArgumentException("call server " + id + ": bad port " + n.path("port"));
        JsonNode type = n.path("type");
        return switch (type.path("@type").asText()) {
            case "callServerTypeTelegramReflector" -> {
                byte[] tag;
                try {
                    tag = Base64.getDecoder().decode(type.path("peer_tag").asText(""));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("call server " + id + ": peer_tag is not base64", e);
                }
                if (tag.length != 16) throw new IllegalArgumentException("call server " + id + ": peer_tag must be 16 bytes, got " + tag.length);
                yield new CallServer.TelegramReflector(id, ip, ipv6, port, tag, type.path("is_tcp").asBoolean(false));
            }
            case "callServerTypeWebrtc" -> new CallServer.Webrtc(id, ip, ipv6, port, type.path("username").asText(""),
                    type.path("password").asText(""), type.path("supports_turn").asBoolean(false), type.path("supports_stun").asBoolean(false));
            default -> null;
        };
    }
}
