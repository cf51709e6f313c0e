package org.tgari.ari;

/** An ARI REST request that failed; {@code httpStatus} is 0 when no response came. */
public final class AriException extends RuntimeException {
    private final int httpStatus;

    public AriException(String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
    }

    public int httpStatus() { return httpStatus; }
}
