package org.tgari.voip.signaling;

import java.util.List;

/** ICE credentials and the DTLS certificate fingerprint(s); caller's setup is "actpass", callee's "passive". */
public record InitialSetup(String ufrag, String pwd, boolean renomination, List<Fingerprint> fingerprints) implements SignalingMessage {
    public InitialSetup {
        fingerprints = List.copyOf(fingerprints);
    }
}
