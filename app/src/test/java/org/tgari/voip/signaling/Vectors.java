package org.tgari.voip.signaling;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Loads the tgcalls vector files copied under {@code src/test/resources/tgcalls-vectors/}. */
final class Vectors {
    static final HexFormat HEX = HexFormat.of();

    private Vectors() {}

    /** One line {@code [ms] TAG payload}; the deterministic file has no ms column (ms = -1). */
    record Line(int index, long ms, String tag, String payload) {
        /** {@code k=v} tokens of the payload. */
        Map<String, String> fields() {
            Map<String, String> out = new LinkedHashMap<>();
            for (String token : payload.split(" ")) {
                int eq = token.indexOf('=');
                if (eq > 0) {
                    out.put(token.substring(0, eq), token.substring(eq + 1));
                }
            }
            return out;
        }

        byte[] hex(String field) {
            return HEX.parseHex(fields().get(field));
        }

        byte[] base64() {
            return Base64.getDecoder().decode(payload);
        }

        byte[] utf8() {
            return payload.getBytes(StandardCharsets.UTF_8);
        }

        boolean is(String t) {
            return tag.equals(t);
        }
    }

    static String text(String file) {
        try (InputStream in = Vectors.class.getResourceAsStream("/tgcalls-vectors/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Line> capture(String file) {
        List<Line> out = new ArrayList<>();
        for (String raw : text(file).split("\n")) {
            if (raw.isBlank()) {
                continue;
            }
            String[] parts = raw.split(" ", 3);
            out.add(new Line(out.size(), Long.parseLong(parts[0]), parts[1], parts.length > 2 ? parts[2] : ""));
        }
        return out;
    }

    static List<Line> deterministic() {
        List<Line> out = new ArrayList<>();
        for (String raw : text("deterministic_signaling_crypto.txt").split("\n")) {
            if (raw.isBlank() || raw.startsWith("#")) {
                continue;
            }
            int sp = raw.indexOf(' ');
            out.add(new Line(out.size(), -1, raw.substring(0, sp), raw.substring(sp + 1)));
        }
        return out;
    }

    static byte[] key(List<Line> lines) {
        return lines.stream().filter(l -> l.is("KEY")).findFirst().map(l -> HEX.parseHex(l.payload())).orElseThrow();
    }

    static Line first(List<Line> lines, String tag, String... fieldEquals) {
        return lines.stream().filter(l -> l.is(tag)).filter(l -> {
            Map<String, String> f = l.fields();
            for (int i = 0; i < fieldEquals.length; i += 2) {
                if (!fieldEquals[i + 1].equals(f.get(fieldEquals[i]))) {
                    return false;
                }
            }
            return true;
        }).findFirst().orElseThrow(() -> new IllegalStateException("no " + tag + " " + List.of(fieldEquals)));
    }

    static final List<String> CAPTURES = List.of(
            "7.0.0_A_outgoing.txt", "7.0.0_B_incoming.txt", "8.0.0_A_outgoing.txt", "8.0.0_B_incoming.txt");

    static SignalingVersion versionOf(List<Line> capture) {
        return SignalingVersion.fromWire(capture.stream().filter(l -> l.is("VERSION")).findFirst().orElseThrow()
                .payload()).orElseThrow();
    }

    static boolean isOutgoing(List<Line> capture) {
        return capture.stream().filter(l -> l.is("ROLE")).findFirst().orElseThrow().payload().equals("outgoing");
    }

    /** JSON-RECV lines that came over signaling (those right after a DC-RECV came over the data channel). */
    static List<Line> signalingJsonRecv(List<Line> capture) {
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < capture.size(); i++) {
            if (capture.get(i).is("JSON-RECV") && !(i > 0 && capture.get(i - 1).is("DC-RECV"))) {
                out.add(capture.get(i));
            }
        }
        return out;
    }
}
