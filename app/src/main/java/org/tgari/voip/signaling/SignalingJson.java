package org.tgari.voip.signaling;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JSON codec of the signaling messages. Encoding reproduces tgcalls' json11 output byte for byte (sorted keys,
 * {@code ": "}/{@code ", "}, uint32 as decimal strings); decoding is tolerant like tgcalls (unknown fields ignored,
 * uint32 as string or number, optional fields defaulted) and never throws on bad input.
 */
public final class SignalingJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Immutable after construction; shared read-only. Depth cap guards the recursive tree builder. */
    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private SignalingJson() {}

    /** Outcome of {@link #decodeDetailed}. */
    sealed interface Decoding permits Decoded, Unknown, Invalid {}

    record Decoded(SignalingMessage message) implements Decoding {}

    record Unknown(String type) implements Decoding {}

    record Invalid(String reason) implements Decoding {}

    public static byte[] encode(SignalingMessage m) {
        ObjectNode o = NODES.objectNode();
        switch (m) {
            case InitialSetup s -> {
                o.put("@type", "InitialSetup");
                ArrayNode fps = o.putArray("fingerprints");
                for (Fingerprint f : s.fingerprints()) {
                    fps.addObject().put("hash", f.hash()).put("setup", f.setup()).put("fingerprint", f.fingerprint());
                }
                o.put("pwd", s.pwd()).put("renomination", s.renomination()).put("ufrag", s.ufrag());
            }
            case Candidates c -> {
                o.put("@type", "Candidates");
                ArrayNode list = o.putArray("candidates");
                c.sdpStrings().forEach(sdp -> list.addObject().put("sdpString", sdp));
            }
            case NegotiateChannels n -> {
                o.put("@type", "NegotiateChannels");
                o.put("exchangeId", Long.toString(n.exchangeId()));
                ArrayNode contents = o.putArray("contents");
                n.contents().forEach(c -> contents.add(content(c)));
            }
            case MediaState s -> o.put("@type", "MediaState")
                    .put("muted", s.muted())
                    .put("lowBattery", s.lowBattery())
                    .put("videoState", s.videoState())
                    .put("videoRotation", s.videoRotation())
                    .put("screencastState", s.screencastState());
        }
        return Json11Printer.print(o);
    }

    private static ObjectNode content(MediaContent c) {
        ObjectNode o = NODES.objectNode();
        o.put("type", c.type());
        o.put("ssrc", Long.toString(c.ssrc()));
        // tgcalls omits empty ssrcGroups and payloadTypes but always writes rtpExtensions.
        if (!c.ssrcGroups().isEmpty()) {
            ArrayNode groups = o.putArray("ssrcGroups");
            for (SsrcGroup g : c.ssrcGroups()) {
                ObjectNode go = groups.addObject().put("semantics", g.semantics());
                ArrayNode ssrcs = go.putArray("ssrcs");
                g.ssrcs().forEach(s -> ssrcs.add(Long.toString(s)));
            }
        }
        if (!c.payloadTypes().isEmpty()) {
            ArrayNode pts = o.putArray("payloadTypes");
            for (PayloadType p : c.payloadTypes()) {
                ObjectNode po = pts.addObject()
                        .put("id", p.id()).put("name", p.name()).put("clockrate", p.clockrate()).put("channels", p.channels());
                ArrayNode fbs = po.putArray("feedbackTypes");
                p.feedbackTypes().forEach(f -> fbs.addObject().put("type", f.type()).put("subtype", f.subtype()));
                ObjectNode params = po.putObject("parameters");
                p.parameters().forEach(params::put);
            }
        }
        ArrayNode exts = o.putArray("rtpExtensions");
        c.rtpExtensions().forEach(e -> exts.addObject().put("id", e.id()).put("uri", e.uri()));
        return o;
    }

    /** Decodes one message; empty for anything that is not a well-formed known message. */
    public static Optional<SignalingMessage> decode(byte[] json) {
        return decodeDetailed(json) instanceof Decoded(SignalingMessage m) ? Optional.of(m) : Optional.empty();
    }

    static Decoding decodeDetailed(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            return new Invalid("not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            return new Invalid("not a JSON object");
        }
        JsonNode type = root.get("@type");
        if (type == null || !type.isTextual()) {
            return new Invalid("missing @type");
        }
        try {
            return switch (type.textValue()) {
                case "InitialSetup" -> new Decoded(initialSetup(root));
                case "Candidates" -> new Decoded(candidates(root));
                case "NegotiateChannels" -> new Decoded(negotiateChannels(root));
                case "MediaState" -> new Decoded(mediaState(root));
                default -> new Unknown(type.textValue());
            };
        } catch (Bad e) {
            return new Invalid(type.textValue() + ": " + e.getMessage());
        }
    }

    private static InitialSetup initialSetup(JsonNode o) throws Bad {
        JsonNode renomination = o.get("renomination");
        List<Fingerprint> fingerprints = new ArrayList<>();
        for (JsonNode f : requiredArray(o, "fingerprints")) {
            requireObject(f, "fingerprints item");
            fingerprints.add(new Fingerprint(string(f, "hash"), string(f, "setup"), string(f, "fingerprint")));
        }
        return new InitialSetup(string(o, "ufrag"), string(o, "pwd"),
                renomination != null && renomination.isBoolean() && renomination.booleanValue(), fingerprints);
    }

    private static Candidates candidates(JsonNode o) throws Bad {
        List<String> sdps = new ArrayList<>();
        for (JsonNode c : requiredArray(o, "candidates")) {
            requireObject(c, "candidates item");
            sdps.add(string(c, "sdpString"));
        }
        return new Candidates(sdps);
    }

    private static NegotiateChannels negotiateChannels(JsonNode o) throws Bad {
        long exchangeId = uint32(o.get("exchangeId"), "exchangeId");
        List<MediaContent> contents = new ArrayList<>();
        for (JsonNode c : optionalArray(o, "contents")) {
            requireObject(c, "contents item");
            contents.add(mediaContent(c));
        }
        return new NegotiateChannels(exchangeId, contents);
    }

    private static MediaContent mediaContent(JsonNode c) throws Bad {
        String type = string(c, "type");
        long ssrc = uint32(c.get("ssrc"), "ssrc");
        List<SsrcGroup> groups = new ArrayList<>();
        for (JsonNode g : optionalArray(c, "ssrcGroups")) {
            requireObject(g, "ssrcGroups item");
            List<Long> ssrcs = new ArrayList<>();
            for (JsonNode s : requiredArray(g, "ssrcs")) {
                long v = uint32(s, "ssrcs item");
                if (s.isTextual() && v == 0) {
                    throw new Bad("ssrcs item must not be 0");
                }
                ssrcs.add(v);
            }
            groups.add(new SsrcGroup(string(g, "semantics"), ssrcs));
        }
        List<PayloadType> payloadTypes = new ArrayList<>();
        for (JsonNode p : optionalArray(c, "payloadTypes")) {
            requireObject(p, "payloadTypes item");
            payloadTypes.add(payloadType(p));
        }
        List<RtpExtension> extensions = new ArrayList<>();
        for (JsonNode e : optionalArray(c, "rtpExtensions")) {
            requireObject(e, "rtpExtensions item");
            extensions.add(new RtpExtension(int32(e.get("id"), "id"), string(e, "uri")));
        }
        return new MediaContent(type, ssrc, groups, payloadTypes, extensions);
    }

    private static PayloadType payloadType(JsonNode p) throws Bad {
        int id = int32(p.get("id"), "id");
        String name = string(p, "name");
        int clockrate = int32(p.get("clockrate"), "clockrate");
        JsonNode channelsNode = p.get("channels");
        int channels = channelsNode == null ? 0 : int32(channelsNode, "channels");
        List<FeedbackType> feedback = new ArrayList<>();
        for (JsonNode f : optionalArray(p, "feedbackTypes")) {
            requireObject(f, "feedbackTypes item");
            feedback.add(new FeedbackType(string(f, "type"), string(f, "subtype")));
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        JsonNode params = p.get("parameters");
        if (params != null) {
            requireObject(params, "parameters");
            for (Map.Entry<String, JsonNode> e : params.properties()) {
                if (!e.getValue().isTextual()) {
                    throw new Bad("parameter " + e.getKey() + " must be a string");
                }
                parameters.put(e.getKey(), e.getValue().textValue());
            }
        }
        return new PayloadType(id, name, clockrate, channels, feedback, parameters);
    }

    private static MediaState mediaState(JsonNode o) throws Bad {
        JsonNode rotation = o.get("videoRotation");
        int videoRotation = 0;
        if (rotation != null) {
            if (!rotation.isNumber()) {
                throw new Bad("videoRotation must be a number");
            }
            // tgcalls reads the rotation from the wrong field (always 0); we read the real one, limited to its domain.
            int r = rotation.intValue();
            videoRotation = (r == 0 || r == 90 || r == 180 || r == 270) ? r : 0;
        }
        return new MediaState(optionalBool(o, "muted"), optionalBool(o, "lowBattery"),
                videoState(o, "videoState"), videoState(o, "screencastState"), videoRotation);
    }

    private static String videoState(JsonNode o, String field) throws Bad {
        JsonNode n = o.get(field);
        if (n == null) {
            return "inactive";
        }
        if (!n.isTextual()) {
            throw new Bad(field + " must be a string");
        }
        return switch (n.textValue()) {
            case "inactive", "suspended", "active" -> n.textValue();
            default -> "inactive";
        };
    }

    private static boolean optionalBool(JsonNode o, String field) throws Bad {
        JsonNode n = o.get(field);
        if (n == null) {
            return false;
        }
        if (!n.isBoolean()) {
            throw new Bad(field + " must be a bool");
        }
        return n.booleanValue();
    }

    private static String string(JsonNode o, String field) throws Bad {
        JsonNode n = o.get(field);
        if (n == null || !n.isTextual()) {
            throw new Bad(field + " must be a string");
        }
        return n.textValue();
    }

    private static void requireObject(JsonNode n, String what) throws Bad {
        if (!n.isObject()) {
            throw new Bad(what + " must be an object");
        }
    }

    private static JsonNode requiredArray(JsonNode o, String field) throws Bad {
        JsonNode n = o.get(field);
        if (n == null || !n.isArray()) {
            throw new Bad(field + " must be an array");
        }
        return n;
    }

    private static Iterable<JsonNode> optionalArray(JsonNode o, String field) throws Bad {
        JsonNode n = o.get(field);
        if (n == null) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new Bad(field + " must be an array");
        }
        return n;
    }

    /** uint32 as a decimal string (what tgcalls writes) or as a JSON number (what it also accepts). */
    private static long uint32(JsonNode n, String what) throws Bad {
        if (n == null) {
            throw new Bad(what + " missing");
        }
        if (n.isTextual()) {
            String s = n.textValue();
            if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                throw new Bad(what + " is not a decimal uint32");
            }
            long v = Long.parseLong(s);
            if (!Uint32.isValid(v)) {
                throw new Bad(what + " out of uint32 range");
            }
            return v;
        }
        long v = integral(n, what);
        if (!Uint32.isValid(v)) {
            throw new Bad(what + " out of uint32 range");
        }
        return v;
    }

    private static int int32(JsonNode n, String what) throws Bad {
        if (n == null) {
            throw new Bad(what + " missing");
        }
        long v = integral(n, what);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new Bad(what + " out of int range");
        }
        return (int) v;
    }

    private static long integral(JsonNode n, String what) throws Bad {
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.longValue();
        }
        if (n.isFloatingPointNumber()) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return (long) d;
            }
        }
        throw new Bad(what + " must be an integral number");
    }

    /** Control flow inside the decoder only; never escapes {@link #decodeDetailed}. */
    private static final class Bad extends Exception {
        Bad(String message) {
            super(message, null, false, false);
        }
    }
}
