package org.tgari.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The log of one call, as Jigasi keeps one per call: every line names the call, with our id and, once it
 * is known, Telegram's id next to it — in the text ({@code call 7 (tg 1234): ...}) and as key-value pairs
 * ({@code call}, {@code telegramCall}) that the JSON lines ({@code TGARI_LOG_FORMAT=json}) carry as fields,
 * so a log shipper can pull out one call whatever component wrote the line. One per call; any thread.
 */
public final class CallLog {

    /** The field with our id for the call. */
    public static final String CALL = "call";
    /** The field with Telegram's id for the call. */
    public static final String TELEGRAM_CALL = "telegramCall";

    private final Logger log;
    private final Ids ids;

    /** The call's names, shared by the views {@link #forClass} hands out: Telegram's id reaches them all. */
    private static final class Ids {
        final String call;
        volatile String telegramCall;
        volatile String prefix;

        Ids(String call) {
            this.call = call;
            this.prefix = "call " + call + ": ";
        }
    }

    private CallLog(Logger log, Ids ids) {
        this.log = log;
        this.ids = ids;
    }

    public static CallLog of(Class<?> owner, String call) {
        return new CallLog(LoggerFactory.getLogger(owner), new Ids(call));
    }

    /** The same call's log, written under {@code owner}'s logger: for a part of the call that has its own class. */
    public CallLog forClass(Class<?> owner) {
        return new CallLog(LoggerFactory.getLogger(owner), ids);
    }

    /** Telegram's id for this call, named in every line from now on (also in the views of {@link #forClass}). */
    public void telegramCall(String id) {
        ids.telegramCall = id;
        ids.prefix = "call " + ids.call + " (tg " + id + "): ";
    }

    public void debug(String format, Object... args) {
        if (log.isDebugEnabled()) emit(Level.DEBUG, format, args);
    }

    public void info(String format, Object... args) {
        if (log.isInfoEnabled()) emit(Level.INFO, format, args);
    }

    public void warn(String format, Object... args) {
        if (log.isWarnEnabled()) emit(Level.WARN, format, args);
    }

    public void error(String format, Object... args) {
        if (log.isErrorEnabled()) emit(Level.ERROR, format, args);
    }

    private void emit(Level level, String format, Object[] args) {
        LoggingEventBuilder line = log.atLevel(level).addKeyValue(CALL, ids.call);
        String tg = ids.telegramCall;
        if (tg != null) line = line.addKeyValue(TELEGRAM_CALL, tg);
        line = line.setMessage(ids.prefix + format);
        for (Object a : args) {
            line = a instanceof Throwable t && a == args[args.length - 1] ? line.setCause(t) : line.addArgument(a);
        }
        line.log();
    }
}
