package org.tgari.routing;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What an IVR caller hears when the Telegram call it dialled fails: the SIP channel is already
 * answered, so a cause alone would tell the caller nothing. Each group of outcomes has one prompt list.
 */
public record OutcomePrompts(List<String> busy, List<String> notFound, List<String> noAnswer,
                             List<String> declined, List<String> unavailable, List<String> failed) {

    /**
     * Only sounds in Debian's asterisk-core-sounds-en: the issue's {@code the-party-you-are-calling} +
     * {@code is-curntly-busy} are extra sounds, not installed by the package (docs/routing.md).
     */
    public static final OutcomePrompts DEFAULT = new OutcomePrompts(
            List.of("telephone-number", "is-in-use"), List.of("number-not-answering"), List.of("number-not-answering"),
            List.of("number-not-answering"), List.of("all-circuits-busy-now", "please-try-call-later"),
            List.of("cannot-complete-as-dialed"));

    public OutcomePrompts {
        busy = List.copyOf(busy);
        notFound = List.copyOf(notFound);
        noAnswer = List.copyOf(noAnswer);
        declined = List.copyOf(declined);
        unavailable = List.copyOf(unavailable);
        failed = List.copyOf(failed);
    }

    /** The prompts for a call that ended so; empty for {@code answered} and {@code cancelled} (nobody to hear them). */
    public List<String> forOutcome(CallOutcome outcome) {
        return switch (outcome) {
            case ANSWERED, CANCELLED -> List.of();
            case BUSY -> busy;
            case NOT_FOUND, NOT_A_USER, INVALID_TARGET -> notFound;
            case NO_ANSWER -> noAnswer;
            case DECLINED, PRIVACY_RESTRICTED -> declined;
            case FLOOD_WAIT, TELEGRAM_UNAVAILABLE, SHUT_DOWN -> unavailable;
            case INCOMPATIBLE, GROUP_CALL, INTERNAL_ERROR -> failed;
        };
    }

    /** The table as the docs show it. */
    public Map<CallOutcome, List<String>> table() {
        Map<CallOutcome, List<String>> m = new EnumMap<>(CallOutcome.class);
        for (CallOutcome o : CallOutcome.values()) m.put(o, forOutcome(o));
        return m;
    }
}
