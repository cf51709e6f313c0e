package org.tgari.voip.signaling;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the tgcalls vector files (made by Telegram's own engine) from the test resources. */
final class Vectors {
    private Vectors() {}

    static final HexFormat HEX = HexFormat.of();

    static List<String> lines(String file) {
        try (InputStream in = Vectors.class.getResourceAsStream("/tgcalls-vectors/" + file)) {
            if (in == null) throw new IllegalStateException("missing test resource " + file);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] key() {
        byte[] k = new byte[256];
        for (int i = 0; i < 256; i++) k[i] = (byte) i;
        return k;
    }

    /** key=value fields of a line after its tag. */
    static Map<String, String> fields(String line) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : line.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) out.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return out;
    }

    /** A line of a live capture: time, tag, payload. */
    record Event(long ms, String tag, String payload) {}

    static List<Event> capture(String file) {
        List<Event> out = new ArrayList<>();
        for (String l : lines(file)) {
            String[] p = l.split(" ", 3);
            if (p.length == 3 && p[0].chars().allMatch(Character::isDigit)) out.add(new Event(Long.parseLong(p[0]), p[1], p[2]));
        }
        return out;
    }
}
