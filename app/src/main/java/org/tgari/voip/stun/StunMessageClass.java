package org.tgari.voip.stun;

/** The two class bits of a STUN message type (RFC 8489 §5). */
public enum StunMessageClass {
    REQUEST, INDICATION, SUCCESS_RESPONSE, ERROR_RESPONSE;

    static StunMessageClass ofBits(int bits) {
        return values()[bits & 3];
    }

    int bits() {
        return ordinal();
    }
}
