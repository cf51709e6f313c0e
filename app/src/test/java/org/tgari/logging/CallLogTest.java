package org.tgari.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class CallLogTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(CallLogTest.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    @Test
    void everyLineNamesTheCallAndTelegramsIdOnceKnownInTextAndAsFields() {
        var log = CallLog.of(CallLogTest.class, "7");
        log.info("dials '{}'", "@echo");
        log.telegramCall("1234");
        log.warn("media setup failed: {}", "timeout", new IllegalStateException("boom"));

        assertThat(lines.list).hasSize(2);
        ILoggingEvent first = lines.list.get(0), second = lines.list.get(1);
        assertThat(first.getFormattedMessage()).isEqualTo("call 7: dials '@echo'");
        assertThat(first.getKeyValuePairs()).extracting(kv -> kv.key + "=" + kv.value).containsExactly("call=7");
        assertThat(second.getFormattedMessage()).isEqualTo("call 7 (tg 1234): media setup failed: timeout");
        assertThat(second.getKeyValuePairs()).extracting(kv -> kv.key + "=" + kv.value).containsExactly("call=7", "telegramCall=1234");
        assertThat(second.getThrowableProxy().getMessage()).isEqualTo("boom");
    }

    @Test
    void aViewForAnotherClassWritesUnderItsLoggerAndLearnsTelegramsIdLater() {
        Logger other = (Logger) LoggerFactory.getLogger(String.class);
        var otherLines = new ListAppender<ILoggingEvent>();
        otherLines.start();
        other.addAppender(otherLines);
        try {
            var log = CallLog.of(CallLogTest.class, "7");
            var leg = log.forClass(String.class);
            log.telegramCall("1234");
            leg.info("RTP leg up");

            assertThat(lines.list).isEmpty();
            assertThat(otherLines.list).singleElement().satisfies(e -> {
                assertThat(e.getLoggerName()).isEqualTo(String.class.getName());
                assertThat(e.getFormattedMessage()).isEqualTo("call 7 (tg 1234): RTP leg up");
                assertThat(e.getKeyValuePairs()).extracting(kv -> kv.key + "=" + kv.value).containsExactly("call=7", "telegramCall=1234");
            });
        } finally {
            other.detachAppender(otherLines);
        }
    }
}
