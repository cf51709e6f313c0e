package org.tgari.routing;

import java.time.Duration;
import java.util.List;

/**
 * The DTMF dialogue of {@code Stasis(telegram,ivr)}: {@code interDigit} of silence after a digit
 * completes the entry, {@code overall} is the most one try may take (counted from the end of the
 * prompt), {@code tries} how many entries a caller gets. Prompts are Asterisk sound ids
 * ({@code sound:<id>}), played in order.
 */
public record IvrSettings(Duration interDigit, Duration overall, int tries, int maxDigits,
                          List<String> enter, List<String> invalid, List<String> retry, List<String> goodbye,
                          OutcomePrompts outcomes, Directory directory) {

    public static final IvrSettings DEFAULT = new IvrSettings(Duration.ofSeconds(5), Duration.ofSeconds(20), 3, 32,
            List.of("vm-enter-num-to-call", "vm-then-pound"), List.of("pbx-invalid"), List.of("please-try-again"),
            List.of("goodbye"), OutcomePrompts.DEFAULT, Directory.EMPTY);

    public IvrSettings {
        if (tries < 1) throw new IllegalArgumentException("tries must be at least 1, not " + tries);
        if (maxDigits < 1) throw new IllegalArgumentException("maxDigits must be at least 1, not " + maxDigits);
        if (interDigit.isNegative() || interDigit.isZero() || overall.isNegative() || overall.isZero()) {
            throw new IllegalArgumentException("IVR timeouts must be positive");
        }
        enter = List.copyOf(enter);
        invalid = List.copyOf(invalid);
        retry = List.copyOf(retry);
        goodbye = List.copyOf(goodbye);
    }
}
