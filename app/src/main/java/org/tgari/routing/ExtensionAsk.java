package org.tgari.routing;

import java.util.List;

/**
 * Ask mode's dialogue as an immutable state machine: the caller, already accepted, hears the prompt
 * and names an extension in a chat message (Telegram apps have no keypad during a call). A text sent
 * in the lookback before the call that is an extension counts as the answer, the latest first. A text
 * that is not an extension, a try without an answer within the timeout, and an extension the dial
 * {@link #rejected rejects} each cost a try. Times in milliseconds of any monotonic clock.
 */
public record ExtensionAsk(AskSettings settings, Phase phase, int tryNumber, long tryStartedMs) {

    public enum Phase { ASKING, SUBMITTED, DONE }

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
            return new Step(new ExtensionAsk(settings, Phase.SUBMITTED, 1, nowMs), new IvrAction.Submit(latest.text().strip()));
        }
        return new Step(new ExtensionAsk(settings, Phase.ASKING, 1, nowMs), new IvrAction.Play(settings.prompt()));
    }

    /** A chat message from the caller during the call. */
    public Step text(String text, long nowMs) {
        if (phase != Phase.ASKING) return new Step(this, IvrAction.WAIT);
        String s = text == null ? "" : text.strip();
        if (settings.accepts(s)) return new Step(new ExtensionAsk(settings, Phase.SUBMITTED, tryNumber, tryStartedMs), new IvrAction.Submit(s));
        return failedTry(true, nowMs);
    }

    public Step tick(long nowMs) {
        if (phase == Phase.ASKING && nowMs - tryStartedMs >= settings.timeout().toMillis()) return failedTry(false, nowMs);
        return new Step(this, IvrAction.WAIT);
    }

    /** The submitted extension could not be dialled (no such extension, the originate failed). */
    public Step rejected(long nowMs) {
        if (phase != Phase.SUBMITTED) throw new IllegalStateException("nothing was submitted (phase " + phase + ")");
        return failedTry(true, nowMs);
    }

    public long deadline() {
        return phase == Phase.ASKING ? tryStartedMs + settings.timeout().toMillis() : Long.MAX_VALUE;
    }

    private Step failedTry(boolean invalid, long nowMs) {
        List<String> why = invalid ? settings.invalid() : List.of();
        if (tryNumber >= settings.tries()) {
            return new Step(new ExtensionAsk(settings, Phase.DONE, tryNumber, tryStartedMs),
                    new IvrAction.GiveUp(IvrAction.concat(why, settings.goodbye()),
                            (invalid ? "no valid extension" : "no extension in time") + " in " + tryNumber + " tries"));
        }
        return new Step(new ExtensionAsk(settings, Phase.ASKING, tryNumber + 1, nowMs),
                new IvrAction.Play(IvrAction.concat(IvrAction.concat(why, settings.retry()), settings.prompt())));
    }
}
