package org.tgari.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tgari.voip.ice.IceAgent;
import org.tgari.voip.log.CallLogger;
import org.tgari.voip.log.LogCapture;
import org.tgari.voip.log.LogContext;

/**
 * The JSON lines of {@code TGARI_LOG_FORMAT=json}, with the encoder the shipped logback.xml sets up:
 * a call's ids are fields of each object ({@code "call":"7"}), whichever side wrote the line.
 */
class JsonLinesTest {

    private final LogCapture gateway = LogCapture.of(JsonLinesTest.class.getName());
    private final LogCapture voip = LogCapture.of(IceAgent.class.getName());

    @AfterEach
    void release() {
        voip.close();
        gateway.close();
    }

    @Test
    void aCallsIdsAreFieldsOfEveryJsonLine() throws Exception {
        var log = CallLog.of(JsonLinesTest.class, "7");
        log.info("dials '{}'", "@echo");
        log.telegramCall("1234");
        log.warn("media setup failed: {}", "timeout", new IllegalStateException("boom"));
        CallLogger.of(IceAgent.class, LogContext.named("7 (tg 1234)").with(CallLog.CALL, "7").with(CallLog.TELEGRAM_CALL, "1234"))
                .info("call {}: ICE failed: {}", "7 (tg 1234)", "no \"connectivity\"");

        Encoder<ILoggingEvent> encoder = shippedJsonEncoder();
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (ILoggingEvent e : gateway.lines()) lines.add(encode(encoder, e));
        for (ILoggingEvent e : voip.lines()) lines.add(encode(encoder, e));

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).path("call").asText()).isEqualTo("7");
        assertThat(lines.get(0).has("telegramCall")).isFalse();
        assertThat(lines.get(0).path("formattedMessage").asText()).isEqualTo("call 7: dials '@echo'");
        for (JsonNode line : lines.subList(1, 3)) {
            assertThat(line.path("call").asText()).as(line.toString()).isEqualTo("7");
            assertThat(line.path("telegramCall").asText()).as(line.toString()).isEqualTo("1234");
            assertThat(line.has("kvpList")).as("each pair once, as a field").isFalse();
        }
        assertThat(lines.get(1).path("throwable").path("message").asText()).isEqualTo("boom");
        assertThat(lines.get(2).path("loggerName").asText()).isEqualTo(IceAgent.class.getName());
        assertThat(lines.get(2).path("formattedMessage").asText()).isEqualTo("call 7 (tg 1234): ICE failed: no \"connectivity\"");
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode encode(Encoder<ILoggingEvent> encoder, ILoggingEvent event) throws Exception {
        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
        assertThat(line).endsWith("\n").doesNotContain("\n{");
        return JSON.readTree(line);
    }

    /** The "json" appender's encoder of logback.xml, configured as TGARI_LOG_FORMAT=json would. */
    @SuppressWarnings("unchecked")
    private static Encoder<ILoggingEvent> shippedJsonEncoder() throws Exception {
        var context = new LoggerContext();
        context.putProperty("tgari.log.format", "json");
        var configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(JsonLinesTest.class.getResource("/logback.xml"));
        var appender = (OutputStreamAppender<ILoggingEvent>) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("json");
        assertThat(appender).as("logback.xml sends the root logger to the json appender").isNotNull();
        Encoder<ILoggingEvent> encoder = appender.getEncoder();
        assertThat(encoder).isInstanceOf(FieldsJsonEncoder.class);
        return encoder;
    }
}
