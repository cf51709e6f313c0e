package org.tgari.voip.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class SignalingJsonTest {
    static final List<String> CAPTURES = Vectors.CAPTURES;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static SignalingMessage decoded(String json) {
        return SignalingJson.decode(utf8(json)).orElseThrow(() -> new AssertionError("did not decode: " + json));
    }

    /** tgcalls' JSON is canonical json11 output, so decode + encode must give the same bytes back. */
    @ParameterizedTest
    @FieldSource("CAPTURES")
    void everyCapturedJsonRoundTripsByteForByte(String file) {
        List<Vectors.Line> jsonLines = Vectors.capture(file).stream()
                .filter(l -> l.tag().startsWith("JSON-") || l.tag().startsWith("DC-")).toList();
        assertThat(jsonLines).hasSize(11);
        for (Vectors.Line l : jsonLines) {
            assertThat(new String(SignalingJson.encode(decoded(l.payload())), StandardCharsets.UTF_8))
                    .as("line %d", l.index()).isEqualTo(l.payload());
        }
    }

    @Test
    void deterministicJsonRoundTrips() {
        Vectors.Line json = Vectors.first(Vectors.deterministic(), "JSON");
        assertThat(SignalingJson.encode(decoded(json.payload()))).isEqualTo(json.utf8());
    }

    @Test
    void encodesOfferLikeTgcalls() {
        var offer = new NegotiateChannels(1849320457L, List.of(new MediaContent("audio", 2734568901L, List.of(),
                List.of(new PayloadType(111, "opus", 48000, 2, List.of(new FeedbackType("transport-cc", "")),
                        Map.of("useinbandfec", "1", "minptime", "10"))),
                List.of(new RtpExtension(2, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time")))));
        assertThat(new String(SignalingJson.encode(offer), StandardCharsets.UTF_8)).isEqualTo(
                "{\"@type\": \"NegotiateChannels\", \"contents\": [{\"payloadTypes\": [{\"channels\": 2, "
                        + "\"clockrate\": 48000, \"feedbackTypes\": [{\"subtype\": \"\", \"type\": \"transport-cc\"}], "
                        + "\"id\": 111, \"name\": \"opus\", \"parameters\": {\"minptime\": \"10\", \"useinbandfec\": \"1\"}}], "
                        + "\"rtpExtensions\": [{\"id\": 2, \"uri\": \"http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\"}], "
                        + "\"ssrc\": \"2734568901\", \"type\": \"audio\"}], \"exchangeId\": \"1849320457\"}");
    }

    @Test
    void emptyListsFollowTgcallsOmissionRules() {
        var content = new MediaContent("video", 7, List.of(new SsrcGroup("FID", List.of(7L, 8L))), List.of(), List.of());
        assertThat(new String(SignalingJson.encode(new NegotiateChannels(0, List.of(content))), StandardCharsets.UTF_8))
                .isEqualTo("{\"@type\": \"NegotiateChannels\", \"contents\": [{\"rtpExtensions\": [], "
                        + "\"ssrc\": \"7\", \"ssrcGroups\": [{\"semantics\": \"FID\", \"ssrcs\": [\"7\", \"8\"]}], "
                        + "\"type\": \"video\"}], \"exchangeId\": \"0\"}");
        var pt = new PayloadType(0, "PCMU", 8000, 1, List.of(), Map.of());
        assertThat(new String(SignalingJson.encode(new NegotiateChannels(1, List.of(
                new MediaContent("audio", 1, List.of(), List.of(pt), List.of())))), StandardCharsets.UTF_8))
                .contains("{\"channels\": 1, \"clockrate\": 8000, \"feedbackTypes\": [], \"id\": 0, \"name\": \"PCMU\", \"parameters\": {}}");
    }

    @Test
    void escapesLikeJson11() {
        String nasty = "q\"b\\s/\b\f\n\r\t\u0001\u001f\u007f é \u2028\u2029 😀";
        byte[] out = SignalingJson.encode(new Candidates(List.of(nasty)));
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("{\"@type\": \"Candidates\", \"candidates\": "
                + "[{\"sdpString\": \"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0001\\u001f\u007f é \\u2028\\u2029 😀\"}]}");
        assertThat(SignalingJson.decode(out)).contains(new Candidates(List.of(nasty)));
    }

    @Test
    void keysSortInByteOrder() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("b", "1");
        params.put("", "111/111");
        params.put("B", "2");
        params.put("é", "3");
        params.put("a", "4");
        byte[] out = SignalingJson.encode(new NegotiateChannels(5, List.of(new MediaContent("audio", 1, List.of(),
                List.of(new PayloadType(63, "red", 48000, 2, List.of(), params)), List.of()))));
        assertThat(new String(out, StandardCharsets.UTF_8))
                .contains("\"parameters\": {\"\": \"111/111\", \"B\": \"2\", \"a\": \"4\", \"b\": \"1\", \"é\": \"3\"}");
        NegotiateChannels back = (NegotiateChannels) SignalingJson.decode(out).orElseThrow();
        assertThat(back.contents().getFirst().payloadTypes().getFirst().parameters()).isEqualTo(params);
    }

    @Test
    void mediaStateRoundTrip() {
        var state = new MediaState(true, true, "active", "suspended", 90);
        byte[] out = SignalingJson.encode(state);
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("{\"@type\": \"MediaState\", \"lowBattery\": true, "
                + "\"muted\": true, \"screencastState\": \"suspended\", \"videoRotation\": 90, \"videoState\": \"active\"}");
        assertThat(SignalingJson.decode(out)).contains(state);
    }

    @Test
    void toleratesWhatTgcallsTolerates() {
        // numbers for uint32, unknown fields, missing optional fields, compact whitespace
        assertThat(decoded("{\"@type\":\"NegotiateChannels\",\"exchangeId\":4294967295,\"x\":[1,{}],"
                + "\"contents\":[{\"type\":\"audio\",\"ssrc\":12,\"ssrcGroups\":[{\"semantics\":\"FID\",\"ssrcs\":[1,\"2\"]}],"
                + "\"payloadTypes\":[{\"id\":111,\"name\":\"opus\",\"clockrate\":48000}]}]}"))
                .isEqualTo(new NegotiateChannels(4294967295L, List.of(new MediaContent("audio", 12,
                        List.of(new SsrcGroup("FID", List.of(1L, 2L))),
                        List.of(new PayloadType(111, "opus", 48000, 0, List.of(), Map.of())), List.of()))));
        assertThat(decoded("{\"@type\":\"NegotiateChannels\",\"exchangeId\":\"9\"}"))
                .isEqualTo(new NegotiateChannels(9, List.of()));
        assertThat(decoded("{\"@type\":\"InitialSetup\",\"ufrag\":\"u\",\"pwd\":\"p\",\"fingerprints\":[],\"renomination\":\"yes\"}"))
                .isEqualTo(new InitialSetup("u", "p", false, List.of()));
        assertThat(decoded("{\"@type\":\"MediaState\"}")).isEqualTo(new MediaState(false, false, "inactive", "inactive", 0));
        assertThat(decoded("{\"@type\":\"MediaState\",\"videoState\":\"weird\",\"videoRotation\":45}"))
                .isEqualTo(new MediaState(false, false, "inactive", "inactive", 0));
    }

    @Test
    void rejectsWithoutThrowing() {
        List<String> bad = new ArrayList<>(List.of(
                "", "null", "[]", "{}", "{\"@type\":5}", "{\"@type\":\"Candidates\"}", "{\"@type\":\"Candidates\",\"candidates\":[1]}",
                "{\"@type\":\"Candidates\",\"candidates\":[{}]}", "{\"@type\":\"Candidates\",\"candidates\":[]} trailing",
                "{\"@type\":\"InitialSetup\",\"ufrag\":\"u\",\"pwd\":\"p\"}",
                "{\"@type\":\"NegotiateChannels\"}", "{\"@type\":\"NegotiateChannels\",\"exchangeId\":\"-1\"}",
                "{\"@type\":\"NegotiateChannels\",\"exchangeId\":4294967296}", "{\"@type\":\"NegotiateChannels\",\"exchangeId\":\"12a\"}",
                "{\"@type\":\"NegotiateChannels\",\"exchangeId\":1,\"contents\":[{\"type\":\"audio\"}]}",
                "{\"@type\":\"NegotiateChannels\",\"exchangeId\":1,\"contents\":[{\"type\":\"audio\",\"ssrc\":1,"
                        + "\"ssrcGroups\":[{\"semantics\":\"FID\",\"ssrcs\":[\"0\"]}]}]}",
                "{\"@type\":\"NegotiateChannels\",\"exchangeId\":1,\"contents\":[{\"type\":\"audio\",\"ssrc\":1,"
                        + "\"payloadTypes\":[{\"id\":1,\"name\":\"x\",\"clockrate\":1,\"parameters\":{\"a\":1}}]}]}",
                "{\"@type\":\"MediaState\",\"muted\":1}", "{\"@type\":\"Candidates\",\"candidates\":[{\"sdpString\":\"\u00ff"));
        bad.add("[".repeat(5000));
        for (String s : bad) {
            assertThat(SignalingJson.decode(utf8(s))).as(s.length() > 60 ? s.substring(0, 60) : s).isEmpty();
            assertThat(SignalingJson.decodeDetailed(utf8(s))).isInstanceOf(SignalingJson.Invalid.class);
        }
        assertThat(SignalingJson.decode(new byte[] {(byte) 0xC3, 0x28})).isEmpty();
    }

    @Test
    void unknownTypeIsEmptyButRecognisedAsUnknown() {
        byte[] json = utf8("{\"@type\": \"offer\", \"sdp\": \"v=0\"}");
        assertThat(SignalingJson.decode(json)).isEqualTo(Optional.empty());
        assertThat(SignalingJson.decodeDetailed(json)).isEqualTo(new SignalingJson.Unknown("offer"));
    }
}
