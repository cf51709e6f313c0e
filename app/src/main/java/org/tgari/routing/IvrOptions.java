package org.tgari.routing;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The options of {@code Stasis(telegram,ivr,<option>,...)}: one dialplan extension may differ from the
 * configured {@code ivr.*} keys in {@code tries=N} (1-20), {@code timeout=<duration>},
 * {@code inter-digit-timeout=<duration>} (durations as {@code 20s} or {@code 500ms}) and
 * {@code prompt=<sound>[&<sound>...]} (the enter prompt; {@code &} because the dialplan splits on commas).
 * Empty arguments are skipped; anything else is refused, naming the option.
 */
public final class IvrOptions {

    private static final Pattern OPTION = Pattern.compile("([a-z-]+)=(.*)");
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,6})(ms|s)");
    private static final Pattern SOUND = Pattern.compile("[A-Za-z0-9_/-]+");

    private IvrOptions() {}

    public sealed interface Result {
        record Applied(IvrSettings settings) implements Result {}

        record Refused(String problem) implements Result {}
    }

    public static Result apply(IvrSettings base, List<String> options) {
        IvrSettings s = base;
        for (String raw : options) {
            String option = raw.strip();
            if (option.isEmpty()) continue;
            Matcher m = OPTION.matcher(option);
            if (!m.matches()) return refused(option, "is not <option>=<value>");
            String value = m.group(2).strip();
            switch (m.group(1)) {
                case "tries" -> {
                    if (!value.matches("[0-9]{1,2}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > 20) {
                        return refused(option, "tries must be 1 to 20");
                    }
                    s = new IvrSettings(s.interDigit(), s.overall(), Integer.parseInt(value), s.maxDigits(), s.enter(), s.invalid(),
                            s.retry(), s.goodbye(), s.outcomes(), s.directory());
                }
                case "timeout", "inter-digit-timeout" -> {
                    Duration d = duration(value);
                    if (d == null) return refused(option, "needs a positive duration like 20s or 500ms");
                    boolean overall = m.group(1).equals("timeout");
                    s = new IvrSettings(overall ? s.interDigit() : d, overall ? d : s.overall(), s.tries(), s.maxDigits(), s.enter(),
                            s.invalid(), s.retry(), s.goodbye(), s.outcomes(), s.directory());
                }
                case "prompt" -> {
                    List<String> sounds = Arrays.stream(value.split("&", -1)).map(String::strip).toList();
                    if (sounds.stream().anyMatch(x -> !SOUND.matcher(x).matches())) {
                        return refused(option, "needs sound ids (letters, digits, _ - /) joined by &");
                    }
                    s = new IvrSettings(s.interDigit(), s.overall(), s.tries(), s.maxDigits(), sounds, s.invalid(), s.retry(),
                            s.goodbye(), s.outcomes(), s.directory());
                }
                default -> {
                    return refused(option, "is no option (tries, timeout, inter-digit-timeout, prompt)");
                }
            }
        }
        return new Result.Applied(s);
    }

    private static Duration duration(String v) {
        Matcher m = DURATION.matcher(v);
        if (!m.matches()) return null;
        long n = Long.parseLong(m.group(1));
        if (n == 0) return null;
        return m.group(2).equals("ms") ? Duration.ofMillis(n) : Duration.ofSeconds(n);
    }

    private static Result refused(String option, String why) {
        return new Result.Refused("'" + option + "' " + why);
    }
}
