package org.tgari.voip.srtp;

/** Negative results of {@link SrtpContext} operations; non-negative results are packet lengths. */
public final class SrtpResult {
    /** Authentication tag mismatch: forged, corrupted, or keyed for another session (or a wrong ROC guess). */
    public static final int AUTH_FAIL = -1;
    /** Index already seen or older than the 64-packet window. */
    public static final int REPLAY = -2;
    /** Not RTP/RTCP, truncated, or no room in the buffer for the tag. */
    public static final int MALFORMED = -3;

    private SrtpResult() {}

    public static String describe(int result) {
        return switch (result) {
            case AUTH_FAIL -> "AUTH_FAIL";
            case REPLAY -> "REPLAY";
            case MALFORMED -> "MALFORMED";
            default -> result >= 0 ? "OK(" + result + ")" : "UNKNOWN(" + result + ")";
        };
    }
}
