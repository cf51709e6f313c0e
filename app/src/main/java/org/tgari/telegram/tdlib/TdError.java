package org.tgari.telegram.tdlib;

/** An {@code error} object TDLib answered a request with. */
public final class TdError extends RuntimeException {
    private final int code;

    public TdError(int code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The TDLib message without the code, e.g. "PHONE_NUMBER_INVALID" or "FLOOD_WAIT_30". */
    public String tdMessage() {
        String m = getMessage();
        return m.substring(m.indexOf(": ") + 2);
    }
}
