package org.tgari.voip.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The JSON form of signaling messages. Encoding follows json11 as tgcalls uses it (keys sorted,
 * {@code ": "} and {@code ", "} separators, uint32 ids as decimal strings), so our messages are byte
 * for byte what Telegram's own engine would write. Decoding is tolerant: unknown fields are ignored,
 * uint32 values may be strings or numbers, and an unknown {@code @type} yields nothing.
 */
public final class SignalingJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SignalingJson() {}

    public static byte[] encode(SignalingMessage m) {
        StringBuilder out = new StringBuilder(256);
        write(out, tree(m));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> tree(SignalingMessage m) {
        Map<String, Object> o = new TreeMap<>();
        switch (m) {
            case InitialSetup s -> {
                o.put("@type", "InitialSetup");
                o.put("ufrag", s.ufrag());
                o.put("pwd", s.pwd());
                o.put("renomination", s.renomination());
                List<Object> fps = new ArrayList<>();
                for (Fingerprint f : s.fingerprints()) {
                    Map<String, Object> fo = new TreeMap<>();
                    fo.put("hash", f.hash());
                    fo.put("setup", f.setup());
                    fo.put("fingerprint", f.fingerprint());
                    fps.add(fo);
                }
                o.put("fingerprints", fps);
            }
            case Candidates c -> {
                o.put("@type", "Candidates");
                List<Object> list = new ArrayList<>();
                for (String sdp : c.sdpStrings()) list.add(new TreeMap<>(Map.of("sdpString", sdp)));
                o.put("candidates", list);
            }
            case NegotiateChannels n -> {
                o.put("@type", "NegotiateChannels");
                o.put("exchangeId", Long.toString(n.exchangeId()));
                List<Object> contents = new ArrayList<>();
                for (MediaContent c : n.contents()) contents.add(content(c));
                o.put("contents", contents);
            }
            case MediaState s -> {
                o.put("@type", "MediaState");
                o.put("muted", s.muted());
                o.put("lowBattery", s.lowBattery());
                o.put("videoState", s.videoState());
                o.put("screencastState", s.screencastState());
                o.put("videoRotation", (long) s.videoRotation());
            }
        }
        return o;
    }

    private static Map<String, Object> content(MediaContent c) {
        Map<String, Object> o = new TreeMap<>();
        o.put("type", c.type());
        o.put("ssrc", Long.toString(c.ssrc()));
        if (!c.ssrcGroups().isEmpty()) {
            List<Object> groups = new ArrayList<>();
            for (SsrcGroup g : c.ssrcGroups()) {
                Map<String, Object> go = new TreeMap<>();
                go.put("semantics", g.semantics());
                go.put("ssrcs", g.ssrcs().stream().map(s -> (Object) Long.toString(s)).toList());
                groups.add(go);
            }
            o.put("ssrcGroups", groups);
        }
        List<Object> pts = new ArrayList<>();
        for (PayloadType p : c.payloadTypes()) {
            Map<String, Object> po = new TreeMap<>();
            po.put("id", (long) p.id());
            po.put("name", p.name());
            po.put("clockrate", (long) p.clockrate());
            po.put("channels", (long) p.channels());
            List<Object> fb = new ArrayList<>();
            for (FeedbackType f : p.feedbackTypes()) {
                Map<String, Object> fo = new TreeMap<>();
                fo.put("type", f.type());
                fo.put("subtype", f.subtype());
                fb.add(fo);
            }
            po.put("feedbackTypes", fb);
            po.put("parameters", new TreeMap<String, Object>(p.parameters()));
            pts.add(po);
        }
        o.put("payloadTypes", pts);
        List<Object> exts = new ArrayList<>();
        for (RtpExtension e : c.rtpExtensions()) {
            Map<String, Object> eo = new TreeMap<>();
            eo.put("id", (long) e.id());
            eo.put("uri", e.uri());
            exts.add(eo);
        }
        o.put("rtpExtensions", exts);
        return o;
    }

    @SuppressWarnings("unchecked")
    private static void write(StringBuilder out, Object v) {
        switch (v) {
            case String s -> writeString(out, s);
            case Long l -> out.append(l);
            case Boolean b -> out.append(b ? "true" : "false");
            case Map<?, ?> m -> {
                out.append('{');
                boolean first = true;
                for (var e : ((Map<String, Object>) m).entrySet()) {
                    if (!first) out.append(", ");
                    first = false;
                    writeString(out, e.getKey());
                    out.append(": ");
                    write(out, e.getValue());
                }
                out.append('}');
            }
            case List<?> l -> {
                out.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) out.append(", ");
                    write(out, l.get(i));
                }
                out.append(']');
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + v.getClass());
        }
    }

    /** json11's escaping: the short escapes, \\u00XX for other control characters, and U+2028/2029. */
    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> {
                    if (ch <= 0x1f) out.append(String.format("\\u%04x", (int) ch));
                    else out.append(ch);
                }
            }
        }
        out.append('"');
    }

    /** Reads one message; empty when the JSON is malformed, of an unknown type, or misses required fields. */
    public static Optional<SignalingMessage> decode(byte[] json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n == null || !n.isObject()) return Optional.empty();
            return Optional.ofNullable(switch (n.path("@type").asText("")) {
                case "InitialSetup" -> initialSetup(n);
                case "Candidates" -> candidates(n);
                case "NegotiateChannels" -> negotiate(n);
                case "MediaState" -> mediaState(n);
                default -> null;
            });
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static InitialSetup initialSetup(JsonNode n) {
        if (!n.path("ufrag").isTextual() || !n.path("pwd").isTextual() || !n.path("fingerprints").isArray()) return null;
        List<Fingerprint> fps = new ArrayList<>();
        for (JsonNode f : n.path("fingerprints")) {
            if (!f.path("fingerprint").isTextual()) return null;
            fps.add(new Fingerprint(f.path("hash").asText(""), f.path("setup").asText(""), f.path("fingerprint").asText()));
        }
        if (fps.isEmpty()) return null;
        return new InitialSetup(n.path("ufrag").asText(), n.path("pwd").asText(), n.path("renomination").asBoolean(false), fps);
    }

    private static Candidates candidates(JsonNode n) {
        if (!n.path("candidates").isArray()) return null;
        List<String> out = new ArrayList<>();
        for (JsonNode c : n.path("candidates")) {
            if (c.path("sdpString").isTextual()) out.add(c.path("sdpString").asText());
        }
        return new Candidates(out);
    }

    private static NegotiateChannels negotiate(JsonNode n) {
        long exchangeId = uint32(n.path("exchangeId"));
        if (exchangeId < 0 || !n.path("contents").isArray()) return null;
        List<MediaContent> contents = new ArrayList<>();
        for (JsonNode c : n.path("contents")) {
            long ssrc = uint32(c.path("ssrc"));
            if (ssrc < 0 || !c.path("type").isTextual()) return null;
            List<SsrcGroup> groups = new ArrayList<>();
            for (JsonNode g : c.path("ssrcGroups")) {
                List<Long> ssrcs = new ArrayList<>();
                for (JsonNode s : g.path("ssrcs")) {
                    long v = uint32(s);
                    if (v < 0) return null;
                    ssrcs.add(v);
                }
                groups.add(new SsrcGroup(g.path("semantics").asText(""), ssrcs));
            }
            List<PayloadType> pts = new ArrayList<>();
            for (JsonNode p : c.path("payloadTypes")) {
                List<FeedbackType> fb = new ArrayList<>();
                for (JsonNode f : p.path("feedbackTypes")) fb.add(new FeedbackType(f.path("type").asText(""), f.path("subtype").asText("")));
                Map<String, String> params = new LinkedHashMap<>();
                p.path("parameters").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText("")));
                int id = p.path("id").asInt(-1);
                if (id < 0 || id > 127) return null;
                pts.add(new PayloadType(id, p.path("name").asText(""), p.path("clockrate").asInt(0), p.path("channels").asInt(1), fb, params));
            }
            List<RtpExtension> exts = new ArrayList<>();
            for (JsonNode e : c.path("rtpExtensions")) exts.add(new RtpExtension(e.path("id").asInt(0), e.path("uri").asText("")));
            contents.add(new MediaContent(c.path("type").asText(), ssrc, groups, pts, exts));
        }
        return new NegotiateChannels(exchangeId, contents);
    }

    private static MediaState mediaState(JsonNode n) {
        return new MediaState(n.path("muted").asBoolean(false), n.path("lowBattery").asBoolean(false),
                n.path("videoState").asText("inactive"), n.path("screencastState").asText("inactive"), n.path("videoRotation").asInt(0));
    }

    /** A uint32 written as a decimal string or a number; -1 when it is neither or out of range. */
    private static long uint32(JsonNode v) {
        long x;
        if (v.isTextual()) {
            try {
                x = Long.parseLong(v.asText());
            } catch (NumberFormatException e) {
                return -1;
            }
        } else if (v.isIntegralNumber()) {
            x = v.asLong();
        } else {
            return -1;
        }
        return x >= 0 && x <= 0xFFFFFFFFL ? x : -1;
    }
}
