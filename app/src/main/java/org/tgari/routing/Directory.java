package org.tgari.routing;

import java.util.Map;
import java.util.TreeMap;

/**
 * The IVR's short codes: digits a caller enters that stand for a target (e.g. {@code 1 → @support},
 * {@code 42 → *123456}). An entry that is no code is taken as a phone number.
 */
public record Directory(Map<String, Target> codes) {

    public static final Directory EMPTY = new Directory(Map.of());

    public Directory {
        for (String code : codes.keySet()) {
            if (!code.matches("[0-9]{1,15}")) throw new IllegalArgumentException("directory code '" + code + "' is not 1-15 digits");
        }
        codes = java.util.Collections.unmodifiableMap(new TreeMap<>(codes));
    }

    public sealed interface Resolution {
        record Resolved(Target target, String how) implements Resolution {}
        record Invalid(String reason) implements Resolution {}
    }

    /** What the digits a caller entered name: a code's target first, else a phone number. */
    public Resolution resolve(String digits) {
        Target coded = codes.get(digits);
        if (coded != null) return new Resolution.Resolved(coded, "directory code " + digits);
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return new Resolution.Invalid("'" + digits + "' is not a number");
        }
        Target t = Target.parse(digits);
        if (t instanceof Target.Phone) return new Resolution.Resolved(t, "phone number");
        return new Resolution.Invalid((codes.isEmpty() ? "" : "no directory code " + digits + ", and ") + Target.whyNot(digits));
    }
}
