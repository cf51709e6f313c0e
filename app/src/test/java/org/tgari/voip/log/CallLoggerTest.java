package org.tgari.voip.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class CallLoggerTest {

    private static final LogContext CALL = LogContext.named("7 (tg 1234)").with("call", "7").with("telegramCall", "1234");

    @Test
    void everyLineCarriesTheCallsFieldsAndATrailingThrowableIsItsCause() {
        try (var capture = LogCapture.of(CallLoggerTest.class.getName())) {
            var log = CallLogger.of(CallLoggerTest.class, CALL);
            log.debug("call {}: one {}", CALL.name(), 1);
            log.info("call {}: two {} {}", CALL.name(), 2, "b");
            log.warn("call {}: three {}", CALL.name(), "c", new IllegalStateException("boom"));

            assertThat(capture.lines()).extracting(ILoggingEvent::getFormattedMessage)
                    .containsExactly("call 7 (tg 1234): one 1", "call 7 (tg 1234): two 2 b", "call 7 (tg 1234): three c");
            assertThat(capture.lines()).extracting(LogCapture::fields).containsOnly(Map.of("call", "7", "telegramCall", "1234"));
            assertThat(capture.lines().get(2).getThrowableProxy().getMessage()).isEqualTo("boom");
        }
    }

    @Test
    void aLevelThatIsOffWritesNothing() {
        try (var capture = LogCapture.of(CallLoggerTest.class.getName())) {
            ((Logger) LoggerFactory.getLogger(CallLoggerTest.class)).setLevel(Level.WARN);
            var log = CallLogger.of(CallLoggerTest.class, CALL);
            assertThat(log.isDebugEnabled()).isFalse();
            log.debug("call {}: not written", CALL.name());
            log.info("call {}: not written either {}", CALL.name(), 1);
            log.warn("call {}: written", CALL.name());
            assertThat(capture.lines()).extracting(ILoggingEvent::getFormattedMessage).containsExactly("call 7 (tg 1234): written");
        }
    }

    @Test
    void aContextAddsFieldsInOrderAndKeepsThemUnderAnotherName() {
        var renamed = CALL.withName("other");
        assertThat(renamed.name()).isEqualTo("other");
        assertThat(renamed.fields()).extracting(LogContext.Field::key).containsExactly("call", "telegramCall");
        assertThat(LogContext.NONE.fields()).isEmpty();
    }
}
