package org.tgari.gateway;

/** What an Asterisk version string says about the features tgari needs. */
public final class AsteriskVersions {
    private AsteriskVersions() {}

    /** chan_websocket ExternalMedia arrived in 20.16, 21.11 and 22.6, and is in every release from 23. */
    public static boolean supportsMediaWebSocket(String version) {
        int[] v = parse(version);
        if (v == null) return false;
        return switch (v[0]) {
            case 20 -> v[1] >= 16;
            case 21 -> v[1] >= 11;
            case 22 -> v[1] >= 6;
            default -> v[0] > 22;
        };
    }

    /** Major and minor of "22.10.1", "certified-20.7-cert5" and the like; null when unreadable. */
    static int[] parse(String version) {
        if (version == null) return null;
        var m = java.util.regex.Pattern.compile("(\\d+)\\.(\\d+)").matcher(version);
        if (!m.find()) return null;
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }
}
