package org.tgari.telegram.tdlib;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.tgari.routing.CallOutcome;
import org.tgari.voip.ice.CallServer;

/** The call objects tgari reads, as td_api.tl (TDLib 1.8.x) defines them. */
class TdCallsTest {

    private final ObjectMapper json = new ObjectMapper();

    private TdCalls.Call call(String state) throws Exception {
        return TdCalls.readUpdateCall(json.readTree("""
                {"@type":"updateCall","call":{"@type":"call","id":7,"unique_id":"123","user_id":1001,"is_outgoing":true,
                 "is_video":false,"state":%s},"@client_id":1}""".formatted(state))).orElseThrow();
    }

    @Test
    void pendingExchangingHangingUpAndError() throws Exception {
        assertThat(call("{\"@type\":\"callStatePending\",\"is_created\":true,\"is_received\":false}").state())
                .isEqualTo(new TdCallState.Pending(true, false));
        assertThat(call("{\"@type\":\"callStateExchangingKeys\"}").state()).isInstanceOf(TdCallState.ExchangingKeys.class);
        assertThat(call("{\"@type\":\"callStateHangingUp\"}").state()).isInstanceOf(TdCallState.HangingUp.class);
        assertThat(call("{\"@type\":\"callStateError\",\"error\":{\"@type\":\"error\",\"code\":400,\"message\":\"CALL_PROTOCOL_COMPAT_LAYER_INVALID\"}}").state())
                .isEqualTo(new TdCallState.Error(400, "CALL_PROTOCOL_COMPAT_LAYER_INVALID"));
        var c = call("{\"@type\":\"callStateExchangingKeys\"}");
        assertThat(c.id()).isEqualTo(7);
        assertThat(c.userId()).isEqualTo(1001);
        assertThat(c.outgoing()).isTrue();
    }

    @Test
    void readyCarriesEverythingTheEngineNeeds() throws Exception {
        byte[] key = new byte[256];
        for (int i = 0; i < 256; i++) key[i] = (byte) i;
        String ready = """
                {"@type":"callStateReady","protocol":{"@type":"callProtocol","udp_p2p":true,"udp_reflector":true,"min_layer":65,
                  "max_layer":92,"library_versions":["8.0.0"]},
                 "servers":[{"@type":"callServer","id":"1","ip_address":"149.154.167.51","ipv6_address":"","port":599,
                   "type":{"@type":"callServerTypeTelegramReflector","peer_tag":"AAECAwQFBgcICQoLDA0ODw==","is_tcp":false}},
                  {"@type":"callServer","id":"2","ip_address":"1.2.3.4","ipv6_address":"","port":1,"type":{"@type":"callServerTypeFuture"}}],
                 "config":"{}","encryption_key":"%s","emojis":["😀","🐱","🍕","🚀"],"allow_p2p":false,"is_group_call_supported":false,
                 "custom_parameters":"{\\"network_use_tcponly\\":false}"}""".formatted(Base64.getEncoder().encodeToString(key));
        var state = (TdCallState.Ready) call(ready).state();
        var p = state.params();
        assertThat(p.libraryVersion()).isEqualTo("8.0.0");
        assertThat(p.encryptionKey()).isEqualTo(key);
        assertThat(p.isOutgoing()).isTrue();
        assertThat(p.allowP2p()).isFalse();
        assertThat(p.servers()).hasSize(1).first().isInstanceOf(CallServer.TelegramReflector.class);
        assertThat(p.customParameters()).containsEntry("network_use_tcponly", "false");
        assertThat(state.emojis()).hasSize(4);
        assertThat(call(ready.replace(Base64.getEncoder().encodeToString(key), "AAAA")).state())
                .isInstanceOfSatisfying(TdCallState.Error.class, e -> assertThat(e.message()).contains("expected 256"));
    }

    @Test
    void discardReasonsAndErrorsBecomeOutcomes() throws Exception {
        for (String[] r : new String[][] {{"callDiscardReasonMissed", "NO_ANSWER"}, {"callDiscardReasonDeclined", "BUSY"},
                {"callDiscardReasonHungUp", "DECLINED"}, {"callDiscardReasonDisconnected", "INTERNAL_ERROR"},
                {"callDiscardReasonEmpty", "INTERNAL_ERROR"}, {"callDiscardReasonUpgradeToGroupCall", "GROUP_CALL"}}) {
            var s = (TdCallState.Discarded) call("{\"@type\":\"callStateDiscarded\",\"reason\":{\"@type\":\"" + r[0]
                    + "\"},\"need_rating\":false,\"need_debug_information\":false,\"need_log\":false}").state();
            assertThat(TdCalls.outcome(s.reason())).as(r[0]).isEqualTo(CallOutcome.valueOf(r[1]));
        }
        assertThat(TdCalls.outcome(400, "USER_PRIVACY_RESTRICTED")).isEqualTo(CallOutcome.PRIVACY_RESTRICTED);
        assertThat(TdCalls.outcome(400, "PARTICIPANT_VERSION_OUTDATED")).isEqualTo(CallOutcome.INCOMPATIBLE);
        assertThat(TdCalls.outcome(400, "CALL_PROTOCOL_COMPAT_LAYER_INVALID")).isEqualTo(CallOutcome.INCOMPATIBLE);
        // TDLib rewrites the server's FLOOD_WAIT_x into 429 "Too Many Requests: retry after x"
        assertThat(TdCalls.outcome(429, "Too Many Requests: retry after 30")).isEqualTo(CallOutcome.FLOOD_WAIT);
        assertThat(TdCalls.floodWaitSeconds("Too Many Requests: retry after 30")).isEqualTo(30);
        assertThat(TdCalls.outcome(400, "SOMETHING_NEW")).isEqualTo(CallOutcome.INTERNAL_ERROR);
        assertThat(TdCalls.outcome(420, "FLOOD_WAIT_30")).isEqualTo(CallOutcome.FLOOD_WAIT);
        assertThat(TdCalls.floodWaitSeconds("FLOOD_WAIT_30")).isEqualTo(30);
        assertThat(TdCalls.floodWaitSeconds("USER_BUSY")).isEqualTo(-1);
        assertThat(TdCalls.outcome(401, "Unauthorized")).isEqualTo(CallOutcome.TELEGRAM_UNAVAILABLE);
    }

    @Test
    void signalingAndRequests() throws Exception {
        var sig = TdCalls.readSignaling(json.readTree("{\"@type\":\"updateNewCallSignalingData\",\"call_id\":7,\"data\":\"AQID\"}")).orElseThrow();
        assertThat(sig.callId()).isEqualTo(7);
        assertThat(sig.data()).containsExactly(1, 2, 3);
        assertThat(TdCalls.readSignaling(json.readTree("{\"@type\":\"updateCall\"}"))).isEmpty();
        assertThat(TdCalls.sendSignaling(7, new byte[] {1, 2, 3}).toString())
                .isEqualTo("{\"@type\":\"sendCallSignalingData\",\"call_id\":7,\"data\":\"AQID\"}");
        var p = TdCalls.protocol();
        assertThat(p.path("min_layer").asInt()).isEqualTo(65);
        assertThat(p.path("max_layer").asInt()).isEqualTo(92);
        assertThat(p.path("library_versions").get(0).asText()).isEqualTo("8.0.0");
        assertThat(TdCalls.discard(7, false, 42, 0).path("duration").asInt()).isEqualTo(42);
        assertThat(TdCalls.readUpdateCall(json.readTree("{\"@type\":\"updateCall\",\"call\":{}}"))).isEmpty();
    }
}
