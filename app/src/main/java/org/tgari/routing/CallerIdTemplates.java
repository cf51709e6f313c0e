package org.tgari.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tgari.telegram.TelegramUser;

/**
 * How a Telegram caller is shown to the SIP side. The number comes from the first template in
 * {@code number} whose fields the caller all has (a caller with a hidden phone number falls through
 * {@code +{phone}} to {@code {username}}, then to {@code *{id}}, which every user has); the name from
 * {@code name}, with missing fields left empty. Fields: {@code {phone}} (digits, no '+'),
 * {@code {username}} (no '@'), {@code {id}}, {@code {first_name}}, {@code {last_name}}.
 */
public record CallerIdTemplates(List<String> number, String name) {

    // before DEFAULT: the constructor of DEFAULT checks templates with it
    private static final Pattern FIELD = Pattern.compile("\\{([^{}]*)}");
    public static final Set<String> FIELDS = Set.of("phone", "username", "id", "first_name", "last_name");
    public static final CallerIdTemplates DEFAULT = new CallerIdTemplates(List.of("+{phone}", "{username}", "*{id}"), "{first_name} {last_name}");

    public CallerIdTemplates {
        number = List.copyOf(number);
        if (number.isEmpty()) throw new IllegalArgumentException("caller-ID number templates: at least one is needed, e.g. +{phone}, {username}, *{id}");
        for (String t : number) check(t);
        check(name);
    }

    /** Problems in one template, in words; empty when it is fine. */
    public static List<String> problems(String template) {
        List<String> out = new ArrayList<>();
        String rest = FIELD.matcher(template).replaceAll("");
        if (rest.contains("{") || rest.contains("}")) out.add("'" + template + "' has an unmatched { or }");
        Matcher m = FIELD.matcher(template);
        while (m.find()) {
            if (!FIELDS.contains(m.group(1))) {
                out.add("'" + template + "' names unknown field {" + m.group(1) + "} (known: {phone}, {username}, {id}, {first_name}, {last_name})");
            }
        }
        return out;
    }

    private static void check(String template) {
        List<String> p = problems(template);
        if (!p.isEmpty()) throw new IllegalArgumentException(String.join("; ", p));
    }

    /** The caller as the SIP side sees it; falls back to {@code *id} if no template's fields are all there. */
    public CallerId render(TelegramUser user) {
        Map<String, String> fields = fields(user);
        String num = null;
        for (String t : number) {
            num = fill(t, fields, true);
            if (num != null) break;
        }
        if (num == null) num = "*" + user.id();
        String shown = SipText.name(fill(name, fields, false));
        // a caller with neither name field set is still shown as somebody, by the name the line knows
        return new CallerId(num, shown.isEmpty() ? user.displayName() : shown);
    }

    /** Null when {@code strict} and a field the template names is empty. */
    private static String fill(String template, Map<String, String> fields, boolean strict) {
        Matcher m = FIELD.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = fields.get(m.group(1));
            if (v.isEmpty() && strict) return null;
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Map<String, String> fields(TelegramUser u) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("phone", u.phone());
        f.put("username", u.username());
        f.put("id", Long.toString(u.id()));
        f.put("first_name", u.firstName());
        f.put("last_name", u.lastName());
        return f;
    }

    /**
     * The channel variables a dialplan reads about the Telegram side of a call; fields the account cannot
     * see are empty strings (set, so {@code ${TELEGRAM_PHONE}} reads empty rather than stale).
     */
    public static Map<String, String> channelVariables(TelegramUser user, String line) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("TELEGRAM_USER_ID", Long.toString(user.id()));
        v.put("TELEGRAM_USERNAME", SipText.number(user.username()));
        v.put("TELEGRAM_PHONE", SipText.number(user.phone()));
        v.put("TELEGRAM_LINE", line);
        return java.util.Collections.unmodifiableMap(v);
    }
}
