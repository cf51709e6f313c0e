package org.tgari.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.tgari.routing.AskSettings;
import org.tgari.routing.CallerFilter;
import org.tgari.routing.CallerIdTemplates;
import org.tgari.routing.CallNotice;
import org.tgari.routing.CallerPattern;
import org.tgari.routing.Directory;
import org.tgari.routing.InboundMode;
import org.tgari.routing.InboundRoute;
import org.tgari.routing.IvrSettings;
import org.tgari.routing.LineRouting;
import org.tgari.routing.LocalChannel;
import org.tgari.routing.OutcomePrompts;
import org.tgari.routing.Routing;
import org.tgari.routing.Target;

/**
 * The routing keys: per line {@code line.<name>.…} (inbound mode, caller filter, caller ID, ask mode,
 * DTMF to chat), the IVR's {@code ivr.…} and its directory {@code ivr.directory.<code>}. Ordered
 * lists (caller-ID templates, prompts, patterns) are comma-separated values, so each stays one
 * properties key that {@code --set} can override whole; no template, pattern or sound id contains a
 * comma.
 */
final class RoutingKeys {

    static final String LINE_PREFIX = "line.";
    static final String DIRECTORY_PREFIX = "ivr.directory.";
    private static final Pattern LINE_KEY = Pattern.compile("line\\.([^.]+)\\.(.+)");
    private static final Pattern SOUND = Pattern.compile("[A-Za-z0-9_/-]+");

    /** The keys of one line, after {@code line.<name>.}, with their defaults. */
    static final Map<String, String> LINE_DEFAULTS = lineDefaults();
    /** The IVR's fixed keys with their defaults. */
    static final Map<String, String> IVR_DEFAULTS = ivrDefaults();

    private RoutingKeys() {}

    /** Whether {@code key} is a routing key with a name part ({@code line.<name>.…}, {@code ivr.directory.<code>}). */
    static boolean isPatternKey(String key) {
        if (key.startsWith(DIRECTORY_PREFIX)) return key.length() > DIRECTORY_PREFIX.length();
        Matcher m = LINE_KEY.matcher(key);
        return m.matches() && LINE_DEFAULTS.containsKey(m.group(2));
    }

    /** The routing of {@code values}; every problem goes to {@code errors}, named by its key. */
    static Routing build(Map<String, String> values, Set<String> lineNames, List<String> errors) {
        Map<String, LineRouting> lines = new LinkedHashMap<>();
        Set<String> named = new TreeSet<>();
        for (String key : values.keySet()) {
            Matcher m = LINE_KEY.matcher(key);
            if (m.matches() && LINE_DEFAULTS.containsKey(m.group(2))) named.add(m.group(1));
        }
        for (String name : named) {
            if (!lineNames.contains(name)) {
                errors.add(LINE_PREFIX + name + ".*: there is no line named '" + name + "' (configured: "
                        + String.join(", ", new TreeSet<>(lineNames)) + "; telegram.line names it)");
                continue;
            }
            lines.put(name, line(name, values, errors));
        }
        return new Routing(lines, ivr(values, errors));
    }

    private static LineRouting line(String name, Map<String, String> values, List<String> errors) {
        int start = errors.size();
        Map<String, String> v = new TreeMap<>();
        String p = LINE_PREFIX + name + ".";
        LINE_DEFAULTS.forEach((k, d) -> v.put(p + k, values.getOrDefault(p + k, d)));
        InboundMode mode = mode(p + "inbound.mode", v.get(p + "inbound.mode"), errors);
        String extension = v.get(p + "inbound.extension");
        String context = v.get(p + "inbound.context");
        if (mode == InboundMode.EXTENSION && extension.isEmpty()) {
            errors.add(p + "inbound.extension: must be set when " + p + "inbound.mode = extension");
        } else if (!extension.isEmpty() && !LocalChannel.EXTENSION.matcher(extension).matches()) {
            errors.add(p + "inbound.extension: '" + extension + "' is not an extension (1-64 of 0-9 A-Z a-z _ + * # . -)");
        }
        if (!LocalChannel.CONTEXT.matcher(context).matches()) {
            errors.add(p + "inbound.context: '" + context + "' is not a dialplan context (1-79 of A-Z a-z 0-9 _ -)");
        }
        var filter = new CallerFilter(patterns(p + "inbound.allow", v, errors), patterns(p + "inbound.deny", v, errors));
        CallerIdTemplates callerId = callerId(p, v, errors);
        AskSettings ask = ask(p + "inbound.ask.", v, errors);
        boolean dtmfToChat = bool(p + "dtmf-to-chat", v.get(p + "dtmf-to-chat"), errors);
        String notice = v.get(p + "call-notice");
        CallNotice.problems(notice).forEach(e -> errors.add(p + "call-notice: " + e));
        // a line with a problem is not built (its record would refuse some parts); the errors name them all
        if (errors.size() > start) return LineRouting.defaults(name);
        return new LineRouting(name, new InboundRoute(mode, extension, context, filter, callerId, ask), dtmfToChat, new CallNotice(notice));
    }

    private static InboundMode mode(String key, String v, List<String> errors) {
        for (InboundMode m : InboundMode.values()) {
            if (m.name().equalsIgnoreCase(v)) return m;
        }
        errors.add(key + ": '" + v + "' is not one of reject, extension, ask");
        return InboundMode.REJECT;
    }

    private static List<CallerPattern> patterns(String key, Map<String, String> v, List<String> errors) {
        List<CallerPattern> out = new ArrayList<>();
        for (String item : list(v.get(key))) {
            try {
                out.add(CallerPattern.parse(item));
            } catch (IllegalArgumentException e) {
                errors.add(key + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static CallerIdTemplates callerId(String p, Map<String, String> v, List<String> errors) {
        List<String> number = list(v.get(p + "caller-id.number"));
        String name = v.get(p + "caller-id.name");
        int before = errors.size();
        if (number.isEmpty()) errors.add(p + "caller-id.number: at least one template is needed, e.g. +{phone}, {username}, *{id}");
        for (String t : number) CallerIdTemplates.problems(t).forEach(e -> errors.add(p + "caller-id.number: " + e));
        CallerIdTemplates.problems(name).forEach(e -> errors.add(p + "caller-id.name: " + e));
        return errors.size() > before ? CallerIdTemplates.DEFAULT : new CallerIdTemplates(number, name);
    }

    private static AskSettings ask(String p, Map<String, String> v, List<String> errors) {
        Pattern extension;
        try {
            extension = Pattern.compile(v.get(p + "pattern"));
        } catch (PatternSyntaxException e) {
            errors.add(p + "pattern: '" + v.get(p + "pattern") + "' is not a regular expression (" + e.getDescription() + ")");
            extension = AskSettings.DEFAULT.extension();
        }
        int tries = integer(p + "tries", v.get(p + "tries"), 1, 20, errors);
        Duration timeout = positive(p + "timeout", v.get(p + "timeout"), errors);
        Duration lookback = duration(p + "lookback", v.get(p + "lookback"), errors);
        return new AskSettings(sounds(p + "prompt", v.get(p + "prompt"), true, errors), sounds(p + "invalid", v.get(p + "invalid"), false, errors),
                sounds(p + "retry", v.get(p + "retry"), false, errors), sounds(p + "goodbye", v.get(p + "goodbye"), false, errors),
                tries, timeout, lookback, extension);
    }

    private static IvrSettings ivr(Map<String, String> values, List<String> errors) {
        Map<String, String> v = new TreeMap<>();
        IVR_DEFAULTS.forEach((k, d) -> v.put(k, values.getOrDefault(k, d)));
        var outcomes = new OutcomePrompts(
                sounds("ivr.prompt.busy", v.get("ivr.prompt.busy"), false, errors),
                sounds("ivr.prompt.not-found", v.get("ivr.prompt.not-found"), false, errors),
                sounds("ivr.prompt.no-answer", v.get("ivr.prompt.no-answer"), false, errors),
                sounds("ivr.prompt.declined", v.get("ivr.prompt.declined"), false, errors),
                sounds("ivr.prompt.unavailable", v.get("ivr.prompt.unavailable"), false, errors),
                sounds("ivr.prompt.failed", v.get("ivr.prompt.failed"), false, errors));
        Map<String, Target> codes = new TreeMap<>();
        for (var e : values.entrySet()) {
            if (!e.getKey().startsWith(DIRECTORY_PREFIX)) continue;
            String code = e.getKey().substring(DIRECTORY_PREFIX.length());
            Target t = Target.parse(e.getValue());
            if (!code.matches("[0-9]{1,15}")) errors.add(e.getKey() + ": the code '" + code + "' is not 1-15 digits");
            else if (t == null) errors.add(e.getKey() + ": " + Target.whyNot(e.getValue()));
            else codes.put(code, t);
        }
        return new IvrSettings(positive("ivr.inter-digit-timeout", v.get("ivr.inter-digit-timeout"), errors),
                positive("ivr.timeout", v.get("ivr.timeout"), errors),
                integer("ivr.tries", v.get("ivr.tries"), 1, 20, errors),
                integer("ivr.max-digits", v.get("ivr.max-digits"), 1, 64, errors),
                sounds("ivr.prompt.enter", v.get("ivr.prompt.enter"), true, errors),
                sounds("ivr.prompt.invalid", v.get("ivr.prompt.invalid"), false, errors),
                sounds("ivr.prompt.retry", v.get("ivr.prompt.retry"), false, errors),
                sounds("ivr.prompt.goodbye", v.get("ivr.prompt.goodbye"), false, errors),
                outcomes, new Directory(codes));
    }

    /** Comma-separated items in order, each stripped; empty items dropped. */
    static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        for (String s : value.split(",")) {
            if (!s.isBlank()) out.add(s.strip());
        }
        return out;
    }

    private static List<String> sounds(String key, String value, boolean required, List<String> errors) {
        List<String> out = list(value);
        if (required && out.isEmpty()) errors.add(key + ": at least one sound is needed");
        for (String s : out) {
            if (!SOUND.matcher(s).matches()) errors.add(key + ": '" + s + "' is not a sound id (letters, digits, _ - and / for sub-directories)");
        }
        return out;
    }

    private static int integer(String key, String v, int min, int max, List<String> errors) {
        try {
            int i = Integer.parseInt(v.strip());
            if (i >= min && i <= max) return i;
            errors.add(key + ": " + i + " is outside " + min + ".." + max);
        } catch (NumberFormatException e) {
            errors.add(key + ": '" + v + "' is not a whole number");
        }
        return min;
    }

    private static boolean bool(String key, String v, List<String> errors) {
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                errors.add(key + ": '" + v + "' is not true or false");
                yield false;
            }
        };
    }

    private static Duration duration(String key, String v, List<String> errors) {
        try {
            Duration d = ConfigLoader.parseDuration(v);
            if (!d.isNegative()) return d;
            errors.add(key + ": must not be negative");
        } catch (RuntimeException e) {
            errors.add(key + ": '" + v + "' is not a duration like 45s, 500ms or 2m");
        }
        return Duration.ZERO;
    }

    private static Duration positive(String key, String v, List<String> errors) {
        int before = errors.size();
        Duration d = duration(key, v, errors);
        if (errors.size() == before && d.isZero()) errors.add(key + ": must be more than zero");
        return d.isZero() ? Duration.ofSeconds(1) : d;
    }

    private static Map<String, String> lineDefaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("inbound.mode", "reject");
        d.put("inbound.extension", "");
        d.put("inbound.context", "from-telegram");
        d.put("inbound.allow", "");
        d.put("inbound.deny", "");
        d.put("inbound.ask.prompt", "vm-enter-num-to-call");
        d.put("inbound.ask.invalid", "pbx-invalid");
        d.put("inbound.ask.retry", "please-try-again");
        d.put("inbound.ask.goodbye", "goodbye");
        d.put("inbound.ask.tries", "3");
        d.put("inbound.ask.timeout", "30s");
        d.put("inbound.ask.lookback", "2m");
        d.put("inbound.ask.pattern", "[0-9]{1,10}");
        d.put("caller-id.number", "+{phone}, {username}, *{id}");
        d.put("caller-id.name", "{first_name} {last_name}");
        d.put("dtmf-to-chat", "false");
        d.put("call-notice", "");
        return Collections.unmodifiableMap(d);
    }

    private static Map<String, String> ivrDefaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("ivr.inter-digit-timeout", "5s");
        d.put("ivr.timeout", "20s");
        d.put("ivr.tries", "3");
        d.put("ivr.max-digits", "32");
        d.put("ivr.prompt.enter", "vm-enter-num-to-call, vm-then-pound");
        d.put("ivr.prompt.invalid", "pbx-invalid");
        d.put("ivr.prompt.retry", "please-try-again");
        d.put("ivr.prompt.goodbye", "goodbye");
        d.put("ivr.prompt.busy", "telephone-number, is-in-use");
        d.put("ivr.prompt.not-found", "number-not-answering");
        d.put("ivr.prompt.no-answer", "number-not-answering");
        d.put("ivr.prompt.declined", "number-not-answering");
        d.put("ivr.prompt.unavailable", "all-circuits-busy-now, please-try-call-later");
        d.put("ivr.prompt.failed", "cannot-complete-as-dialed");
        return Collections.unmodifiableMap(d);
    }
}
