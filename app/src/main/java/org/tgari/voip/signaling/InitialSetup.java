package org.tgari.voip.signaling;

import java.util.List;
import java.util.Objects;

/** ICE credentials and DTLS fingerprints ({@code "@type":"InitialSetup"}). */
public record InitialSetup(String ufrag, String pwd, boolean renomination, List<Fingerprint> fingerprints)
        implements SignalingMessage {
    public InitialSetup {
        Objects.requireNonNull(ufrag, "ufrag");
        Objects.requireNonNull(pwd, "pwd");
        fingerprints = List.copyOf(fingerprints);
    }
}
