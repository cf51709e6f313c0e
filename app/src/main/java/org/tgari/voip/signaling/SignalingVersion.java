package org.tgari.voip.signaling;

import java.util.Optional;

/**
 * The tgcalls library versions whose signaling tgari speaks. 8.0.0 frames JSON in acked records;
 * 7.0.0 sends each JSON message alone behind a counter. The choice lives here only, so newer framings
 * (12/13.0.0: SCTP over signaling plus gzip) can be added without touching the media layers.
 */
public enum SignalingVersion {
    V7_0_0("7.0.0"),
    V8_0_0("8.0.0");

    private final String wire;

    SignalingVersion(String wire) {
        this.wire = wire;
    }

    /** The string in TDLib's callProtocol.library_versions. */
    public String wire() {
        return wire;
    }

    public static Optional<SignalingVersion> fromWire(String s) {
        for (SignalingVersion v : values()) if (v.wire.equals(s)) return Optional.of(v);
        return Optional.empty();
    }
}
