package org.tgari.voip.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * The lines of one logger subtree (say {@code org.tgari.voip}) at DEBUG while a test runs, and its level
 * put back after: every line a call's components write, including those that are off in production.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final Level level;
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    private LogCapture(String name) {
        this.logger = (Logger) LoggerFactory.getLogger(name);
        this.level = logger.getLevel();
        lines.start();
        logger.addAppender(lines);
        logger.setLevel(Level.DEBUG);
    }

    public static LogCapture of(String loggerName) {
        return new LogCapture(loggerName);
    }

    /** The lines so far (a copy: the call's threads may still be writing; AppenderBase appends holding the appender). */
    public List<ILoggingEvent> lines() {
        synchronized (lines) {
            return List.copyOf(lines.list);
        }
    }

    /** A line's key-value pairs by key. */
    public static Map<String, String> fields(ILoggingEvent line) {
        if (line.getKeyValuePairs() == null) return Map.of();
        return line.getKeyValuePairs().stream().collect(Collectors.toMap(kv -> kv.key, kv -> String.valueOf(kv.value), (a, b) -> a + "," + b)); // a key twice shows as both values
    }

    @Override
    public void close() {
        logger.detachAppender(lines);
        logger.setLevel(level);
        lines.stop();
    }
}
