package org.tgari.voip.dtls;

import java.util.Hashtable;

/** BouncyCastle hands extensions around as raw Hashtables; this keeps the unchecked copy in one place. */
final class TlsExtensionsHelper {
    private TlsExtensionsHelper() {}

    @SuppressWarnings({"rawtypes", "unchecked"})
    static Hashtable copy(Hashtable source) {
        return source == null ? new Hashtable() : new Hashtable(source);
    }
}
