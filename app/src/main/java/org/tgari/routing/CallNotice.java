package org.tgari.routing;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chat message a line sends the Telegram user it is about to call, saying who calls from the SIP
 * side (Telegram shows the line's own account as the caller and has no caller ID to set). The
 * template's fields are the SIP caller's {@code {name}} and {@code {number}} ({@code CALLERID});
 * a blank template sends nothing.
 */
public record CallNotice(String template) {

    // before OFF: the constructor of OFF checks its template with it
    private static final Pattern FIELD = Pattern.compile("\\{([^{}]*)}");
    public static final CallNotice OFF = new CallNotice("");
    /** Telegram's limit for one text message. */
    public static final int MAX_LENGTH = 4096;

    public CallNotice {
        template = template == null ? "" : template;
        var p = problems(template);
        if (!p.isEmpty()) throw new IllegalArgumentException(String.join("; ", p));
    }

    /** Problems in a template, in words; empty when it is fine. */
    public static java.util.List<String> problems(String template) {
        var out = new java.util.ArrayList<String>();
        if (FIELD.matcher(template).replaceAll("").matches(".*[{}].*")) out.add("'" + template + "' has an unmatched { or }");
        Matcher m = FIELD.matcher(template);
        while (m.find()) {
            if (!m.group(1).equals("name") && !m.group(1).equals("number")) {
                out.add("'" + template + "' names unknown field {" + m.group(1) + "} (known: {name}, {number})");
            }
        }
        return out;
    }

    /**
     * The message for a SIP caller, or empty when notices are off. Control characters in the caller's
     * name are dropped, white space runs fold to one space, and a field that is empty leaves no gap.
     */
    public Optional<String> render(String callerName, String callerNumber) {
        if (template.isBlank()) return Optional.empty();
        Matcher m = FIELD.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = m.group(1).equals("name") ? callerName : callerNumber;
            m.appendReplacement(out, Matcher.quoteReplacement(v == null ? "" : v));
        }
        m.appendTail(out);
        String text = out.toString().replaceAll("\\p{Cntrl}", " ").replaceAll("\\s+", " ").strip();
        if (text.length() > MAX_LENGTH) text = text.substring(0, MAX_LENGTH);
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }
}
