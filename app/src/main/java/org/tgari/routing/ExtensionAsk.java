package org.tgari.routing;

import java.util.List;

/**
 * Ask mode's dialogue as an immutable state machine: the caller, already accepted, hears the prompt
 * and names an extension in a chat message (Telegram apps have no keypad during a call). A text sent
 * in the lookback before the call that is an extension counts as the answer, the latest first. A text
 * that is not an extension, a try without an answer within the timeout, and an extension the dial
 * {@link #rejected rejects} each cost a try. A try's time counts from the end of its prompt, which the
 * flow reports with {@link #promptDone}. Times in milliseconds of any monotonic clock.
 */
public record ExtensionAsk(AskSettings settings, Phase phase, int tryNumber, long tryStartedMs, boolean prompting) {

    public enum Phase { ASKING, SUBMITTED, DONE }

    /**
     * How long a prompt may play before the try's time counts anyway, as if it had ended then: the flow
     * may never report the end of a playback (the same guard as the IVR's, {@link DigitCollector#PROMPT_GUARD_MS}).
     */
    public static final long PROMPT_GUARD_MS = DigitCollector.PROMPT_GUARD_MS;

    public record Step(ExtensionAsk next, IvrAction action) {}

    /** The call was accepted at {@code nowMs}; {@code recent} are the caller's texts before it, any order. */
    public static Step start(AskSettings settings, List<ChatText> recent, long nowMs) {
        long since = nowMs - settings.lookback().toMillis();
        ChatText latest = null;
        for (ChatText t : recent) {
            if (t.atMs() >= since && t.atMs() <= nowMs && (latest == null || t.atMs() >= latest.atMs())) latest = t;
        }
        // only the caller's last word counts: "100" then "no, 200" is no answer
        if (latest != null && settings.accepts(latest.text().strip())) {
            return new Step(new ExtensionAsk(settings, Phase.SUBMITTED, 1, nowMs, false), new IvrAction.Submit(latest.text().strip()));
        }
        return new Step(new ExtensionAsk(settings, Phase.ASKING, 1, nowMs, true), new IvrAction.Play(settings.prompt()));
    }

    /**
     * The prompt finished: the try's time counts from here (without this call it counts from
     * {@link #PROMPT_GUARD_MS} after the prompt's start, so a playback that never reports still ends, and
     * one longer than the timeout is not cut off).
     */
    public ExtensionAsk promptDone(long nowMs) {
        if (phase != Phase.ASKING || !prompting) return this;
        return new ExtensionAsk(settings, phase, tryNumber, nowMs, false);
    }

    /** A chat message from the caller during the call. */
    public Step text(String text, long nowMs) {
        if (phase != Phase.ASKING) return new Step(this, IvrAction.WAIT);
        String s = text == null ? "" : text.strip();
        if (settings.accepts(s)) return new Step(new ExtensionAsk(settings, Phase.SUBMITTED, tryNumber, tryStartedMs, false), new IvrAction.Submit(s));
        return failedTry(true, nowMs);
    }

    public Step tick(long nowMs) {
        if (phase == Phase.ASKING && nowMs - tryStartedMs >= timeoutMs()) return failedTry(false, nowMs);
        return new Step(this, IvrAction.WAIT);
    }

    /** The submitted extension could not be dialled (no such extension, the originate failed). */
    public Step rejected(long nowMs) {
        if (phase != Phase.SUBMITTED) throw new IllegalStateException("nothing was submitted (phase " + phase + ")");
        return failedTry(true, nowMs);
    }

    public long deadline() {
        return phase == Phase.ASKING ? tryStartedMs + timeoutMs() : Long.MAX_VALUE;
    }

    // while the prompt plays, its end is not known yet: the try's time starts at the latest after the guard
    private long timeoutMs() {
        return settings.timeout().toMillis() + (prompting ? PROMPT_GUARD_MS : 0);
    }

    private Step failedTry(boolean invalid, long nowMs) {
        List<String> why = invalid ? settings.invalid() : List.of();
        if (tryNumber >= settings.tries()) {
            return new Step(new ExtensionAsk(settings, Phase.DONE, tryNumber, tryStartedMs, false),
                    new IvrAction.GiveUp(IvrAction.concat(why, settings.goodbye()),
                            (invalid ? "no valid extension" : "no extension in time") + " in " + tryNumber + " tries"));
        }
        return new Step(new ExtensionAsk(settings, Phase.ASKING, tryNumber + 1, nowMs, true),
                new IvrAction.Play(IvrAction.concat(IvrAction.concat(why, settings.retry()), settings.prompt())));
    }
}
