package org.tgari.voip.signaling;

import java.util.Objects;

/** A DTLS certificate fingerprint with its hash name ("sha-256") and DTLS setup role ("actpass", "passive", ...). */
public record Fingerprint(String hash, String setup, String fingerprint) {
    public Fingerprint {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(setup, "setup");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }
}
