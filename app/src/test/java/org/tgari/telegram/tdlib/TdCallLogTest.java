package org.tgari.telegram.tdlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tgari.telegram.tdlib.ScriptedTdSession.node;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.vertx.core.Vertx;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tgari.routing.CallOutcome;
import org.tgari.telegram.CallListener;
import org.tgari.telegram.TelegramUser;
import org.tgari.telegram.VoiceChannel;
import org.tgari.voip.log.LogCapture;

/**
 * A TDLib call's own lines and its engine's carry the gateway's id and Telegram's as the fields
 * {@code call} and {@code telegramCall}, as the gateway's lines about the same call do.
 */
class TdCallLogTest {

    private Vertx vertx;
    private final ScriptedTdSession td = new ScriptedTdSession();
    private TdLine line;
    private LogCapture tdlib;
    private LogCapture voip;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        line = new TdLine("logs", td, vertx, "127.0.0.1", null, TdLine.Settings.defaults(), () -> { });
        td.reply("discardCall", "{\"@type\":\"ok\"}").reply("createCall", "{\"@type\":\"callId\",\"id\":6}");
        line.onUpdate(node(ScriptedTdSession.authorization("authorizationStateReady")));
        tdlib = LogCapture.of("org.tgari.telegram.tdlib");
        voip = LogCapture.of("org.tgari.voip");
    }

    @AfterEach
    void tearDown() throws Exception {
        voip.close();
        tdlib.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** The gateway's side of call 9. */
    private static final class Gateway implements CallListener {
        final CompletableFuture<String> ended = new CompletableFuture<>();

        @Override public String gatewayCallId() { return "9"; }
        @Override public void ringing() { }
        @Override public void accepted(VoiceChannel voice) { }
        @Override public void ended(CallOutcome outcome, String detail) { ended.complete(detail); }
    }

    @Test
    void theCallsLinesAndItsEnginesCarryBothIds() throws Exception {
        var gateway = new Gateway();
        line.call(new TelegramUser(42, "Ann"), gateway);
        // callStateReady with a library version the engine does not speak: the engine starts, says why it fails, and ends the call
        line.onUpdate(node("{\"@type\":\"updateCall\",\"call\":{\"@type\":\"call\",\"id\":6,\"user_id\":42,\"is_outgoing\":true,"
                + "\"is_video\":false,\"state\":{\"@type\":\"callStateReady\",\"protocol\":{\"@type\":\"callProtocol\",\"udp_p2p\":true,"
                + "\"udp_reflector\":true,\"min_layer\":65,\"max_layer\":92,\"library_versions\":[\"1.0.0\"]},\"servers\":[],\"config\":\"{}\","
                + "\"encryption_key\":\"" + Base64.getEncoder().encodeToString(new byte[256]) + "\",\"emojis\":[],\"allow_p2p\":false,"
                + "\"is_group_call_supported\":false,\"custom_parameters\":\"\"}}}"));
        assertThat(gateway.ended.get(5, TimeUnit.SECONDS)).contains("unsupported library version");
        line.allSettled().get(5, TimeUnit.SECONDS);

        List<ILoggingEvent> ours = tdlib.lines().stream().filter(l -> l.getLoggerName().endsWith(".TdCall")).toList();
        assertThat(ours).extracting(ILoggingEvent::getFormattedMessage).anyMatch(m -> m.startsWith("line logs: call 6 ready"));
        assertThat(ours).allMatch(l -> LogCapture.fields(l).equals(Map.of("call", "9", "telegramCall", "6")));
        List<ILoggingEvent> engine = voip.lines();
        assertThat(engine).extracting(ILoggingEvent::getFormattedMessage).anyMatch(m -> m.startsWith("call 9 (tg 6) media: failed"));
        assertThat(engine).allMatch(l -> LogCapture.fields(l).equals(Map.of("call", "9", "telegramCall", "6")));
    }
}
