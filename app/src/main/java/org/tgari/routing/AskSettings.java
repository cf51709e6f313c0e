package org.tgari.routing;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Ask mode of a line: {@code prompt} greets the caller, who answers with the extension as a chat
 * message matching {@code extension} (texts of the {@code lookback} before the call count too); a
 * wrong or unknown extension plays {@code invalid}, then {@code retry} and the prompt again, {@code tries} times in all, each
 * try at most {@code timeout}; then {@code goodbye} and hang-up.
 */
public record AskSettings(List<String> prompt, List<String> invalid, List<String> retry, List<String> goodbye, int tries,
                          Duration timeout, Duration lookback, Pattern extension) {

    public static final AskSettings DEFAULT = new AskSettings(List.of("vm-enter-num-to-call"),
            List.of("pbx-invalid"), List.of("please-try-again"), List.of("goodbye"), 3, Duration.ofSeconds(30),
            Duration.ofMinutes(2), Pattern.compile("[0-9]{1,10}"));

    public AskSettings {
        prompt = List.copyOf(prompt);
        invalid = List.copyOf(invalid);
        retry = List.copyOf(retry);
        goodbye = List.copyOf(goodbye);
        if (tries < 1) throw new IllegalArgumentException("tries must be at least 1, not " + tries);
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
        if (lookback.isNegative()) throw new IllegalArgumentException("lookback must not be negative");
    }

    /** Whether {@code text} is an extension a caller may ask for: the configured pattern and a safe Local channel part. */
    public boolean accepts(String text) {
        // the length first: a configured pattern never runs over a 4096-character chat message
        return LocalChannel.EXTENSION.matcher(text).matches() && extension.matcher(text).matches();
    }

    @Override
    public boolean equals(Object o) {
        // Pattern has identity equality; two settings with the same regex are the same settings
        return o instanceof AskSettings a && prompt.equals(a.prompt) && invalid.equals(a.invalid) && retry.equals(a.retry) && goodbye.equals(a.goodbye)
                && tries == a.tries && timeout.equals(a.timeout) && lookback.equals(a.lookback)
                && extension.pattern().equals(a.extension.pattern());
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(prompt, invalid, retry, goodbye, tries, timeout, lookback, extension.pattern());
    }
}
