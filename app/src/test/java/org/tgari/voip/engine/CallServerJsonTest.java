package org.tgari.voip.engine;

import org.tgari.voip.ice.CallServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CallServerJsonTest {

    @Test
    void readsBothServerTypesAsTdlibEmitsThem() {
        var servers = CallServerJson.parseArray("""
                [{"@type":"callServer","id":"1001","ip_address":"149.154.167.51","ipv6_address":"2001:67c:4e8:f002::a","port":599,
                  "type":{"@type":"callServerTypeTelegramReflector","peer_tag":"AAECAwQFBgcICQoLDA0ODw==","is_tcp":false}},
                 {"@type":"callServer","id":"1002","ip_address":"91.108.13.2","ipv6_address":"","port":3478,
                  "type":{"@type":"callServerTypeWebrtc","username":"u","password":"p","supports_turn":true,"supports_stun":true}},
                 {"@type":"callServer","id":"1003","ip_address":"1.2.3.4","ipv6_address":"","port":1,
                  "type":{"@type":"callServerTypeFromTheFuture"}}]""");
        assertThat(servers).hasSize(2);
        var r = (CallServer.TelegramReflector) servers.get(0);
        assertThat(r.id()).isEqualTo(1001);
        assertThat(r.port()).isEqualTo(599);
        assertThat(r.peerTag()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        assertThat(r.isTcp()).isFalse();
        var w = (CallServer.Webrtc) servers.get(1);
        assertThat(w.username()).isEqualTo("u");
        assertThat(w.supportsTurn()).isTrue();
    }

    @Test
    void readsServersWithAndWithoutTheOuterType() {
        String body = """
                "id":"7","ip_address":"198.18.0.1","ipv6_address":"","port":3478,
                "type":{"@type":"callServerTypeWebrtc","username":"u","password":"p","supports_turn":true,"supports_stun":false}}""";
        var typed = CallServerJson.parseArray("[{\"@type\":\"callServer\"," + body + "]");
        var bare = CallServerJson.parseArray("[{" + body + "]");
        assertThat(bare).hasSize(1);
        var w = (CallServer.Webrtc) bare.get(0);
        assertThat(w.id()).isEqualTo(7);
        assertThat(w.ipAddress()).isEqualTo("198.18.0.1");
        assertThat(w.supportsTurn()).isTrue();
        assertThat(w.supportsStun()).isFalse();
        assertThat(typed).isEqualTo(bare);
    }

    @Test
    void rejectsAnObjectOfAnotherType() {
        assertThatThrownBy(() -> CallServerJson.parseArray("""
                [{"@type":"callServerTypeWebrtc","id":"1","ip_address":"1.2.3.4","port":3478}]"""))
                .hasMessageContaining("expected @type callServer, got \"callServerTypeWebrtc\"");
        assertThatThrownBy(() -> CallServerJson.parseArray("[42]")).hasMessageContaining("expected a callServer object");
    }

    @Test
    void rejectsWhatIsNotAServerList() {
        assertThatThrownBy(() -> CallServerJson.parseArray("{}")).hasMessageContaining("expected a JSON array");
        assertThatThrownBy(() -> CallServerJson.parseArray("nope")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> CallServerJson.parseArray("""
                [{"@type":"callServer","id":"1","ip_address":"1.2.3.4","ipv6_address":"","port":599,
                  "type":{"@type":"callServerTypeTelegramReflector","peer_tag":"AAEC","is_tcp":false}}]"""))
                .hasMessageContaining("peer_tag must be 16 bytes");
        assertThatThrownBy(() -> CallServerJson.parseArray("""
                [{"@type":"callServer","id":"1","ip_address":"1.2.3.4","port":0,"type":{"@type":"callServerTypeWebrtc"}}]"""))
                .hasMessageContaining("bad port");
    }
}
