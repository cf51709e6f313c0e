package org.tgari.telegram.tdlib;

/** libtdjson could not be found or loaded; the message says where tgari looked and how to get it. */
public final class TdJsonUnavailable extends RuntimeException {
    public TdJsonUnavailable(String message) {
        super(message);
    }
}
