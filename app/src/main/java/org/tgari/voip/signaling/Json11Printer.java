package org.tgari.voip.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Prints a Jackson tree byte-for-byte like json11's {@code Json::dump} (what tgcalls sends): keys in byte order,
 * {@code ", "} and {@code ": "} separators, control characters as 6-character unicode escapes, U+2028/U+2029 escaped, no other escapes.
 */
final class Json11Printer {
    /** std::map<std::string> order = unsigned UTF-8 byte order = code point order. */
    private static final Comparator<String> BYTE_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private Json11Printer() {}

    static byte[] print(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(node, out);
        return out.toByteArray();
    }

    private static void write(JsonNode node, ByteArrayOutputStream out) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> keys = new ArrayList<>(node.size());
                node.fieldNames().forEachRemaining(keys::add);
                keys.sort(BYTE_ORDER);
                out.write('{');
                for (int k = 0; k < keys.size(); k++) {
                    if (k > 0) {
                        ascii(", ", out);
                    }
                    string(keys.get(k), out);
                    ascii(": ", out);
                    write(node.get(keys.get(k)), out);
                }
                out.write('}');
            }
            case ARRAY -> {
                out.write('[');
                for (int k = 0; k < node.size(); k++) {
                    if (k > 0) {
                        ascii(", ", out);
                    }
                    write(node.get(k), out);
                }
                out.write(']');
            }
            case STRING -> string(node.textValue(), out);
            case BOOLEAN -> ascii(node.booleanValue() ? "true" : "false", out);
            case NUMBER -> {
                // json11 prints ints with %d; the encoder never builds floating-point values.
                if (!node.isIntegralNumber()) {
                    throw new IllegalArgumentException("json11 output supports integral numbers only: " + node);
                }
                ascii(node.bigIntegerValue().toString(), out);
            }
            case NULL -> ascii("null", out);
            default -> throw new IllegalArgumentException("unsupported JSON node " + node.getNodeType());
        }
    }

    private static void string(String s, ByteArrayOutputStream out) {
        out.write('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '\\' -> ascii("\\\\", out);
                case '"' -> ascii("\\\"", out);
                case '\b' -> ascii("\\b", out);
                case '\f' -> ascii("\\f", out);
                case '\n' -> ascii("\\n", out);
                case '\r' -> ascii("\\r", out);
                case '\t' -> ascii("\\t", out);
                case 0x2028 -> ascii("\\u2028", out);
                case 0x2029 -> ascii("\\u2029", out);
                default -> {
                    if (cp <= 0x1F) {
                        ascii("\\u00", out);
                        out.write(HEX[cp >> 4]);
                        out.write(HEX[cp & 0xF]);
                    } else if (cp < 0x80) {
                        out.write(cp);
                    } else {
                        out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        }
        out.write('"');
    }

    private static void ascii(String s, ByteArrayOutputStream out) {
        for (int i = 0; i < s.length(); i++) {
            out.write(s.charAt(i));
        }
    }
}
