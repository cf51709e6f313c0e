package org.tgari.voip.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignalingVersionTest {
    @Test
    void wireStrings() {
        assertThat(SignalingVersion.V7_0_0.wire()).isEqualTo("7.0.0");
        assertThat(SignalingVersion.fromWire("8.0.0")).contains(SignalingVersion.V8_0_0);
        assertThat(SignalingVersion.fromWire("7.0.0")).contains(SignalingVersion.V7_0_0);
        assertThat(SignalingVersion.fromWire("9.0.0")).isEmpty();
        assertThat(SignalingVersion.fromWire(null)).isEmpty();
    }
}
