package org.tgari.voip.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The SLF4J logger of one class for the lines about one call: each line carries the call's
 * {@link LogContext#fields()} as key-value pairs, passed with the line itself and not through the MDC,
 * because the threads that serve a call also serve others (event loops, the socket poller) and a
 * thread-local would name whichever call last set it. The text is the caller's, as with SLF4J. A line
 * whose level is off costs the level check only: the fixed-arity methods spare the varargs array, and a
 * caller on a per-packet path with more arguments asks {@link #isDebugEnabled()} first.
 */
public final class CallLogger {

    private final Logger log;
    private final LogContext context;

    private CallLogger(Logger log, LogContext context) {
        this.log = log;
        this.context = context;
    }

    public static CallLogger of(Class<?> owner, LogContext context) {
        return new CallLogger(LoggerFactory.getLogger(owner), context);
    }

    public LogContext context() {
        return context;
    }

    public boolean isDebugEnabled() {
        return log.isDebugEnabled();
    }

    public void debug(String format, Object arg) {
        if (log.isDebugEnabled()) line(Level.DEBUG).log(format, arg);
    }

    public void debug(String format, Object arg1, Object arg2) {
        if (log.isDebugEnabled()) line(Level.DEBUG).log(format, arg1, arg2);
    }

    public void debug(String format, Object... args) {
        if (log.isDebugEnabled()) line(Level.DEBUG).log(format, args);
    }

    public void info(String format, Object arg) {
        if (log.isInfoEnabled()) line(Level.INFO).log(format, arg);
    }

    public void info(String format, Object arg1, Object arg2) {
        if (log.isInfoEnabled()) line(Level.INFO).log(format, arg1, arg2);
    }

    public void info(String format, Object... args) {
        if (log.isInfoEnabled()) line(Level.INFO).log(format, args);
    }

    public void warn(String format, Object arg) {
        if (log.isWarnEnabled()) line(Level.WARN).log(format, arg);
    }

    public void warn(String format, Object arg1, Object arg2) {
        if (log.isWarnEnabled()) line(Level.WARN).log(format, arg1, arg2);
    }

    public void warn(String format, Object... args) {
        if (log.isWarnEnabled()) line(Level.WARN).log(format, args);
    }

    private LoggingEventBuilder line(Level level) {
        LoggingEventBuilder b = log.atLevel(level);
        for (LogContext.Field f : context.fields()) b = b.addKeyValue(f.key(), f.value());
        return b;
    }
}
