package org.tgari.it;

import java.util.EnumSet;
import java.util.Set;

/**
 * What one call of the fault campaign does, and who ends it when: the caller talks and hangs up, the
 * caller gives up while it rings, the Telegram user declines, or the Telegram user hangs up after
 * answering. Each call dials a target of its own ({@code @hangupN} / {@code @declineN} with an N no other
 * call uses), so tgari's log names its outcome.
 */
sealed interface CallPlan {

    /** The Telegram user the call dials, without the dialplan's {@code tg} prefix. */
    String target();

    /** The outcomes tgari may give this call when no fault touched it. */
    Set<Outcome> expected();

    /** Answered; the caller hangs up after {@code talkMs}; the Telegram user never acts. */
    record Talk(String target, long talkMs) implements CallPlan {
        public Set<Outcome> expected() { return EnumSet.of(Outcome.ANSWERED); }
    }

    /** The caller hangs up {@code afterRingingMs} after it hears ringing: cancelled, or answered if the answer came first. */
    record CallerHangsUp(String target, long afterRingingMs) implements CallPlan {
        public Set<Outcome> expected() { return EnumSet.of(Outcome.CANCELLED, Outcome.ANSWERED); }
    }

    /** The Telegram user declines after ringing {@code ms}. */
    record Decline(String target, long ms) implements CallPlan {
        public Set<Outcome> expected() { return EnumSet.of(Outcome.DECLINED); }
    }

    /**
     * The Telegram user answers and hangs up {@code ms} later: answered, or declined when that came before
     * the caller was answered (the media path not yet up).
     */
    record FarEndHangsUp(String target, long ms) implements CallPlan {
        public Set<Outcome> expected() { return EnumSet.of(Outcome.ANSWERED, Outcome.DECLINED); }
    }

    /** tgari's outcome tags that the campaign meets, with the SIP response a caller hears for an unanswered one. */
    enum Outcome {
        ANSWERED(200), CANCELLED(487), DECLINED(403), INTERNAL_ERROR(500), SHUT_DOWN(503), NO_ANSWER(480), BUSY(486), NOT_FOUND(404),
        TELEGRAM_UNAVAILABLE(503), OTHER(0);

        final int sipCode;

        Outcome(int sipCode) {
            this.sipCode = sipCode;
        }

        static Outcome ofTag(String tag) {
            for (Outcome o : values()) if (o.name().equalsIgnoreCase(tag)) return o;
            return OTHER;
        }
    }
}
