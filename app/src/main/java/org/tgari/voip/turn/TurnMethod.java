package org.tgari.voip.turn;

import org.tgari.voip.stun.StunMessage;
import org.tgari.voip.stun.StunMessageClass;

/** The TURN methods (RFC 8656 §17) and the message types built from them. */
public enum TurnMethod {
    ALLOCATE(0x003), REFRESH(0x004), SEND(0x006), DATA(0x007), CREATE_PERMISSION(0x008), CHANNEL_BIND(0x009);

    private final int code;

    TurnMethod(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public int request() {
        return StunMessage.type(code, StunMessageClass.REQUEST);
    }

    public int success() {
        return StunMessage.type(code, StunMessageClass.SUCCESS_RESPONSE);
    }

    public int error() {
        return StunMessage.type(code, StunMessageClass.ERROR_RESPONSE);
    }

    public int indication() {
        return StunMessage.type(code, StunMessageClass.INDICATION);
    }

    /** The method of a 12-bit method code; null for a method TURN does not define. */
    static TurnMethod ofCode(int code) {
        for (TurnMethod m : values()) if (m.code == code) return m;
        return null;
    }
}
