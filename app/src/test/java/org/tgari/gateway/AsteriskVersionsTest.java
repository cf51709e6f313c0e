package org.tgari.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AsteriskVersionsTest {

    @Test
    void mediaWebSocketArrivedIn22_6_21_11_20_16() {
        assertThat(AsteriskVersions.supportsMediaWebSocket("22.10.1")).isTrue();
        assertThat(AsteriskVersions.supportsMediaWebSocket("22.6.0")).isTrue();
        assertThat(AsteriskVersions.supportsMediaWebSocket("22.5.2")).isFalse();
        assertThat(AsteriskVersions.supportsMediaWebSocket("21.11.0")).isTrue();
        assertThat(AsteriskVersions.supportsMediaWebSocket("21.10.0")).isFalse();
        assertThat(AsteriskVersions.supportsMediaWebSocket("20.16.0")).isTrue();
        assertThat(AsteriskVersions.supportsMediaWebSocket("certified-20.7-cert5")).isFalse();
        assertThat(AsteriskVersions.supportsMediaWebSocket("23.0.0")).isTrue();
        assertThat(AsteriskVersions.supportsMediaWebSocket("18.20.0")).isFalse();
        assertThat(AsteriskVersions.supportsMediaWebSocket("GIT-master-abc")).isFalse();
        assertThat(AsteriskVersions.supportsMediaWebSocket(null)).isFalse();
    }
}
