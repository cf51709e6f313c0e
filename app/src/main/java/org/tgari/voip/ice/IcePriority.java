package org.tgari.voip.ice;

/** Candidate priority, RFC 8445 §5.1.2.1: 2^24·type + 2^8·local + (256 − component). */
public final class IcePriority {
    /** RFC 8445 §5.1.2.2 recommended type preferences. */
    public static final int TYPE_HOST = 126;
    public static final int TYPE_PEER_REFLEXIVE = 110;
    public static final int TYPE_SERVER_REFLEXIVE = 100;
    public static final int TYPE_RELAY = 0;

    private IcePriority() {}

    public static long of(int typePreference, int localPreference, int componentId) {
        if (typePreference < 0 || typePreference > 126) throw new IllegalArgumentException("type preference 0..126: " + typePreference);
        if (localPreference < 0 || localPreference > 65535) throw new IllegalArgumentException("local preference 0..65535: " + localPreference);
        if (componentId < 1 || componentId > 256) throw new IllegalArgumentException("component 1..256: " + componentId);
        return ((long) typePreference << 24) + ((long) localPreference << 8) + (256 - componentId);
    }
}
