package org.tgari.voip.signaling;

import java.util.Optional;

/** tgcalls library versions whose signaling framing this package speaks (InstanceV2Impl, signaling V1 and V2). */
public enum SignalingVersion {
    /** Signaling V1: {@code seq32 ‖ JSON}, raw encrypted, no acks. */
    V7_0_0("7.0.0"),
    /** Signaling V2: acked {@code 0x7F/0xFE/0xFF} records. */
    V8_0_0("8.0.0");

    private final String wire;

    SignalingVersion(String wire) {
        this.wire = wire;
    }

    /** The string exchanged in {@code phoneCallProtocol.library_versions}. */
    public String wire() {
        return wire;
    }

    public static Optional<SignalingVersion> fromWire(String s) {
        for (SignalingVersion v : values()) {
            if (v.wire.equals(s)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
