package org.tgari.voip.reflector;

/**
 * The synthetic candidate address {@code reflector-<serverId>-<R>.reflector} tgcalls announces for a
 * reflector port; serverId is tgcalls' uint8 1-based server index, R the unsigned decimal tag.
 */
public record ReflectorHostname(int serverId, long r) {
    private static final String PREFIX = "reflector-";
    private static final String SUFFIX = ".reflector";

    public ReflectorHostname {
        if (serverId < 1 || serverId > 255) throw new IllegalArgumentException("serverId must be 1..255: " + serverId);
        if (r < 1 || r > 0xFFFF_FFFFL) throw new IllegalArgumentException("R must be a non-zero u32: " + r);
    }

    public static String format(int serverId, long r) {
        return new ReflectorHostname(serverId, r).toHostname();
    }

    public String toHostname() {
        return PREFIX + serverId + "-" + r + SUFFIX;
    }

    /** R as the raw 32 bits, as {@link ReflectorCodec#writeData} takes it. */
    public int rBits() {
        return (int) r;
    }

    /** Parses a candidate address; anything that is not exactly the tgcalls form is rejected. */
    public static Parse parse(String hostname) {
        if (hostname == null) return new Parse.Rejected("null");
        if (hostname.length() > 64) return new Parse.Rejected("too long");
        if (!hostname.startsWith(PREFIX) || !hostname.endsWith(SUFFIX)) return new Parse.Rejected("not a .reflector hostname");
        String middle = hostname.substring(PREFIX.length(), hostname.length() - SUFFIX.length());
        int dash = middle.indexOf('-');
        if (dash < 0) return new Parse.Rejected("missing '-' between serverId and R");
        long serverId = decimal(middle.substring(0, dash));
        long r = decimal(middle.substring(dash + 1));
        if (serverId < 1 || serverId > 255) return new Parse.Rejected("bad serverId");
        if (r < 1 || r > 0xFFFF_FFFFL) return new Parse.Rejected("bad R");
        return new Parse.Parsed(new ReflectorHostname((int) serverId, r));
    }

    /** Canonical unsigned decimal (no sign, no leading zero, at most 10 digits), else -1. */
    private static long decimal(String s) {
        if (s.isEmpty() || s.length() > 10 || (s.length() > 1 && s.charAt(0) == '0')) return -1;
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Result of {@link #parse}. */
    public sealed interface Parse {
        record Parsed(ReflectorHostname hostname) implements Parse {}

        record Rejected(String reason) implements Parse {}
    }
}
