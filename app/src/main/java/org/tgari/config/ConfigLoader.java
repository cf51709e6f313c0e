package org.tgari.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads tgari's configuration: Java properties with dotted keys layered over built-in defaults that
 * match the shipped {@code asterisk-config/}, so the demo needs no file at all. Unknown keys are errors,
 * because a misspelt key silently ignored is a call that misbehaves in production.
 */
public final class ConfigLoader {

    /** Every key with its default; the single source for docs/configuration.md. */
    public static final Map<String, String> DEFAULTS = defaults();
    /**
     * Keys with a name part and their defaults, as {@code config-keys} shows them: each line's routing
     * ({@code line.<name>.…}, for the line named by {@code telegram.line}) and the IVR's directory.
     */
    public static final Map<String, String> KEY_PATTERNS = keyPatterns();
    /** Keys whose values are credentials: never printed or logged. */
    public static final java.util.Set<String> SECRET_KEYS = java.util.Set.of("telegram.api-hash", "telegram.database-key", "ari.password", "http.token");

    /** A value as it may be shown: a secret only says whether it is set. */
    public static String printable(String key, String value) {
        if (!SECRET_KEYS.contains(key)) return value;
        return value == null || value.isEmpty() ? "" : "(set, " + value.length() + " characters, hidden)";
    }

    // A simulated path that holds packets longer than this is a misconfiguration, not a network.
    private static final Duration SIM_PATH_LIMIT = Duration.ofSeconds(10);

    private final Map<String, String> values;

    private ConfigLoader(Map<String, String> values) {
        this.values = values;
    }

    public static GatewayConfig defaultsOnly() {
        return new ConfigLoader(new HashMap<>(DEFAULTS)).build();
    }

    public static GatewayConfig load(Path file) {
        return fromMap(readOverrides(file));
    }

    /** The key/value pairs a properties file sets, not yet checked. */
    public static Map<String, String> readOverrides(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> overrides = new HashMap<>();
        for (String k : p.stringPropertyNames()) overrides.put(k.strip(), p.getProperty(k).strip());
        return overrides;
    }

    public static GatewayConfig fromMap(Map<String, String> overrides) {
        Set<String> unknown = new TreeSet<>(overrides.keySet());
        unknown.removeAll(DEFAULTS.keySet());
        unknown.removeIf(RoutingKeys::isPatternKey);
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown config key(s): " + String.join(", ", unknown)
                    + " (known keys: " + String.join(", ", new TreeSet<>(DEFAULTS.keySet())) + ", "
                    + String.join(", ", KEY_PATTERNS.keySet()) + ")");
        }
        Map<String, String> merged = new HashMap<>(DEFAULTS);
        merged.putAll(overrides);
        return new ConfigLoader(merged).build();
    }

    private GatewayConfig build() {
        List<String> errors = new ArrayList<>();
        var ari = new GatewayConfig.Ari(
                uri("ari.url", errors), string("ari.user"), string("ari.password"), string("ari.app"),
                duration("ari.reconnect-max", errors), bool("ari.take-over", errors));
        var media = new GatewayConfig.Media(
                enumValue("media.transport", GatewayConfig.MediaTransport.class, errors),
                enumValue("media.rtp-format", GatewayConfig.RtpFormat.class, errors),
                string("media.bind-host"),
                integer("media.jitter.target-ms", 0, 1000, errors),
                integer("media.jitter.max-ms", 20, 5000, errors));
        var opus = new GatewayConfig.Opus(
                integer("opus.bitrate", 6000, 510000, errors),
                integer("opus.complexity", 0, 10, errors),
                bool("opus.fec", errors),
                integer("opus.packet-loss-percent", 0, 100, errors));
        var calls = new GatewayConfig.Calls(
                duration("calls.no-answer-timeout", errors),
                integer("calls.max-concurrent", 1, 100000, errors),
                duration("calls.drain-timeout", errors));
        var http = new GatewayConfig.Http(string("http.host"), integer("http.port", 0, 65535, errors), string("http.token"));
        if (http.token().isEmpty() && !loopback(http.host())) {
            errors.add("http.host: " + http.host() + " is reachable beyond this host, and /calls and /drain would be open to it:"
                    + " set http.token (or TGARI_HTTP_TOKEN), or keep http.host on 127.0.0.1");
        }
        var telegram = new GatewayConfig.Telegram(
                enumValue("telegram.mode", GatewayConfig.TelegramMode.class, errors),
                new GatewayConfig.Sim(duration("telegram.sim.ring-delay", errors), string("telegram.sim.reflector-host"),
                        string("telegram.sim.external-peer"), integer("telegram.sim.loss-percent", 0, 100, errors),
                        durationAtMost("telegram.sim.delay", SIM_PATH_LIMIT, errors), durationAtMost("telegram.sim.jitter", SIM_PATH_LIMIT, errors),
                        optionalLong("telegram.sim.seed", errors)),
                integer("telegram.api-id", 0, Integer.MAX_VALUE, errors),
                string("telegram.api-hash"),
                string("telegram.line"),
                string("telegram.data-dir"),
                string("telegram.database-key"),
                string("telegram.tdjson"),
                integer("telegram.tdlib-log-verbosity", 0, 5, errors),
                bool("telegram.offline", errors),
                bool("telegram.import-contacts", errors),
                integer("telegram.lookup-cache.size", 0, 1_000_000, errors),
                duration("telegram.lookup-cache.ttl", errors));
        var routing = RoutingKeys.build(values, Set.of(telegram.lineName()), errors);
        if (ari.app().isEmpty()) errors.add("ari.app must not be empty");
        if (media.jitterMaxMs() < media.jitterTargetMs()) errors.add("media.jitter.max-ms must be >= media.jitter.target-ms");
        if (!errors.isEmpty()) throw new ConfigException("invalid configuration:\n  " + String.join("\n  ", errors));
        return new GatewayConfig(ari, media, opus, calls, http, telegram, routing);
    }

    /** Whether an admin server on {@code host} answers only this machine: a loopback literal, or localhost (no lookup). */
    static boolean loopback(String host) {
        String h = host.strip();
        if (h.equals("localhost")) return true;
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        try {
            return java.net.InetAddress.ofLiteral(h).isLoopbackAddress();
        } catch (IllegalArgumentException notALiteral) {
            return false;
        }
    }

    private String string(String key) {
        return values.get(key);
    }

    private URI uri(String key, List<String> errors) {
        String v = values.get(key);
        try {
            URI u = URI.create(v);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                errors.add(key + ": '" + v + "' is not an http(s) URL like http://127.0.0.1:8088");
            }
            return u;
        } catch (IllegalArgumentException e) {
            errors.add(key + ": '" + v + "' is not a URL (" + e.getMessage() + ")");
            return URI.create("http://invalid");
        }
    }

    private int integer(String key, int min, int max, List<String> errors) {
        String v = values.get(key);
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) errors.add(key + ": " + i + " is outside " + min + ".." + max);
            return i;
        } catch (NumberFormatException e) {
            errors.add(key + ": '" + v + "' is not a whole number");
            return min;
        }
    }

    private java.util.OptionalLong optionalLong(String key, List<String> errors) {
        String v = values.get(key).strip();
        if (v.isEmpty()) return java.util.OptionalLong.empty();
        try {
            return java.util.OptionalLong.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            errors.add(key + ": '" + v + "' is not a whole number (or empty)");
            return java.util.OptionalLong.empty();
        }
    }

    private boolean bool(String key, List<String> errors) {
        String v = values.get(key).toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                errors.add(key + ": '" + v + "' is not true or false");
                yield false;
            }
        };
    }

    /** Durations as 45s, 500ms, 2m or ISO-8601 (PT45S). */
    static Duration parseDuration(String v) {
        String s = v.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("pt")) return Duration.parse(s.toUpperCase(Locale.ROOT));
        if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).strip()));
        if (s.endsWith("s")) return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1).strip()));
        if (s.endsWith("m")) return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1).strip()));
        throw new IllegalArgumentException("no unit");
    }

    private Duration duration(String key, List<String> errors) {
        String v = values.get(key);
        try {
            Duration d = parseDuration(v);
            if (d.isNegative()) errors.add(key + ": must not be negative");
            return d;
        } catch (RuntimeException e) {
            errors.add(key + ": '" + v + "' is not a duration like 45s, 500ms or 2m");
            return Duration.ZERO;
        }
    }

    private Duration durationAtMost(String key, Duration limit, List<String> errors) {
        Duration d = duration(key, errors);
        if (d.compareTo(limit) > 0) errors.add(key + ": " + values.get(key) + " is longer than " + limit.toMillis() + "ms");
        return d;
    }

    private <E extends Enum<E>> E enumValue(String key, Class<E> type, List<String> errors) {
        String v = values.get(key);
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v.replace('-', '_'))) return e;
        }
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) allowed.add(e.name().toLowerCase(Locale.ROOT));
        errors.add(key + ": '" + v + "' is not one of " + String.join(", ", allowed));
        return type.getEnumConstants()[0];
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new java.util.LinkedHashMap<>();
        d.put("ari.url", "http://127.0.0.1:8088");
        d.put("ari.user", "tgari");
        d.put("ari.password", "tgari");
        d.put("ari.app", "telegram");
        d.put("ari.reconnect-max", "10s");
        d.put("ari.take-over", "false");
        d.put("media.transport", "auto");
        d.put("media.rtp-format", "ulaw");
        d.put("media.bind-host", "127.0.0.1");
        d.put("media.jitter.target-ms", "40");
        d.put("media.jitter.max-ms", "300");
        d.put("opus.bitrate", "24000");
        d.put("opus.complexity", "5");
        d.put("opus.fec", "true");
        d.put("opus.packet-loss-percent", "10");
        d.put("calls.no-answer-timeout", "45s");
        d.put("calls.max-concurrent", "200");
        d.put("calls.drain-timeout", "30s");
        d.put("http.host", "127.0.0.1");
        d.put("http.port", "8080");
        d.put("http.token", envOr("TGARI_HTTP_TOKEN", ""));
        d.put("telegram.mode", "simulated");
        d.put("telegram.sim.ring-delay", "300ms");
        d.put("telegram.sim.reflector-host", "127.0.0.1");
        d.put("telegram.sim.external-peer", "");
        d.put("telegram.sim.loss-percent", "0");
        d.put("telegram.sim.delay", "0ms");
        d.put("telegram.sim.jitter", "0ms");
        d.put("telegram.sim.seed", "");
        d.put("telegram.api-id", envOr("TGARI_API_ID", "0"));
        d.put("telegram.api-hash", envOr("TGARI_API_HASH", ""));
        d.put("telegram.line", "main");
        d.put("telegram.data-dir", "tgari-data");
        d.put("telegram.database-key", envOr("TGARI_DATABASE_KEY", ""));
        d.put("telegram.tdjson", envOr("TGARI_TDJSON", ""));
        d.put("telegram.tdlib-log-verbosity", "1");
        d.put("telegram.offline", "false");
        d.put("telegram.import-contacts", "false");
        d.put("telegram.lookup-cache.size", "1000");
        d.put("telegram.lookup-cache.ttl", "10m");
        d.putAll(RoutingKeys.IVR_DEFAULTS);
        return java.util.Collections.unmodifiableMap(d);
    }

    private static Map<String, String> keyPatterns() {
        Map<String, String> d = new java.util.LinkedHashMap<>();
        RoutingKeys.LINE_DEFAULTS.forEach((k, v) -> d.put(RoutingKeys.LINE_PREFIX + "<name>." + k, v));
        d.put(RoutingKeys.DIRECTORY_PREFIX + "<code>", "");
        return java.util.Collections.unmodifiableMap(d);
    }
}
