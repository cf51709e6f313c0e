package org.tgari.voip.signaling;

/** Range checks for the uint32 values (SSRCs, exchange ids) that tgcalls writes as decimal strings. */
final class Uint32 {
    static final long MAX = 0xFFFF_FFFFL;

    private Uint32() {}

    static boolean isValid(long v) {
        return v >= 0 && v <= MAX;
    }

    static void require(long v, String what) {
        if (!isValid(v)) {
            throw new IllegalArgumentException(what + " is not a uint32: " + v);
        }
    }
}
