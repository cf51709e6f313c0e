package org.tgari.voip.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the log lines about one call name it: {@code name} for the text ({@code call 7 (tg 1234): ...}) and
 * the key-value pairs the embedding application wants on every such line ({@code call=7},
 * {@code telegramCall=1234}), which structured log output (logback's JSON encoder) writes as fields. The
 * engine does not know what the keys mean; it only hands them on, so the gateway chooses them.
 */
public record LogContext(String name, List<Field> fields) {

    /** One key-value pair. */
    public record Field(String key, String value) {
        public Field {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** No name (the engine then names the call by its side) and no fields: tests and tools. */
    public static final LogContext NONE = new LogContext("", List.of());

    public LogContext {
        Objects.requireNonNull(name, "name");
        fields = List.copyOf(fields);
    }

    public static LogContext named(String name) {
        return new LogContext(name, List.of());
    }

    /** This context with one more field. */
    public LogContext with(String key, String value) {
        var more = new ArrayList<>(fields);
        more.add(new Field(key, value));
        return new LogContext(name, more);
    }

    /** The same fields under another name. */
    public LogContext withName(String newName) {
        return new LogContext(newName, fields);
    }
}
