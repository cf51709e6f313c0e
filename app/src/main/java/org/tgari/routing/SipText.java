package org.tgari.routing;

/**
 * Text made safe for a SIP From header's number or display name as Asterisk sets them from
 * {@code CALLERID}: no quotes or backslashes (they would end or escape the quoted display name), no
 * control characters (a CR/LF would start a new header), runs of white space as one space, and cut to
 * a length phones show.
 */
public final class SipText {

    /** Longest display name kept; phones show about 20-30 characters, and Asterisk's own limit is far above. */
    public static final int MAX_NAME = 40;
    /** Longest caller number kept: E.164 is 15 digits, a user name 32 characters plus a sign. */
    public static final int MAX_NUMBER = 40;

    private SipText() {}

    /** A display name: printable characters of any script, no quotes, at most {@link #MAX_NAME} code points. */
    public static String name(String raw) {
        StringBuilder out = new StringBuilder();
        boolean space = false;
        for (int cp : (raw == null ? "" : raw).codePoints().toArray()) {
            if (Character.isWhitespace(cp) || Character.isISOControl(cp)) {
                space = true;
                continue;
            }
            // format characters (bidi overrides, zero-width joiners) could reorder what the phone shows
            if (cp == '"' || cp == '\\' || cp == '<' || cp == '>' || Character.getType(cp) == Character.FORMAT) continue;
            int room = MAX_NAME - out.codePointCount(0, out.length()) - (space && !out.isEmpty() ? 1 : 0);
            if (room < 1) break;
            if (space && !out.isEmpty()) out.append(' ');
            space = false;
            out.appendCodePoint(cp);
        }
        return out.toString();
    }

    /**
     * A caller number: only characters a SIP URI's user part takes unescaped and a dialplan can match
     * ({@code 0-9 A-Z a-z + * # _ . -}); anything else is dropped; at most {@link #MAX_NUMBER}.
     */
    public static String number(String raw) {
        StringBuilder out = new StringBuilder();
        for (char c : (raw == null ? "" : raw).toCharArray()) {
            boolean ok = c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
                    || c == '+' || c == '*' || c == '#' || c == '_' || c == '.' || c == '-';
            if (ok && out.length() < MAX_NUMBER) out.append(c);
        }
        return out.toString();
    }
}
