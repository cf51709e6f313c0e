package org.tgari.routing;

/**
 * The IVR's digit entry as an immutable state machine, fed the caller's DTMF digits and clock ticks
 * (milliseconds of any monotonic clock) and answering with the {@link IvrAction} to take. A digit
 * stops the prompt; {@code #} completes the entry, {@code *} clears it, and so does silence of
 * {@code interDigit} after a digit. A try that takes longer than {@code overall}, an empty or too long
 * entry, and an entry the flow {@link #rejected rejects} cost a try: the caller hears why and is asked
 * again, until the tries are used up and {@code goodbye} plays. The flow asks {@link #deadline} when to
 * tick next; A-D are ignored (no target has letters).
 */
public record DigitCollector(IvrSettings settings, Phase phase, String digits, int tryNumber,
                             long tryStartedMs, long lastDigitMs, boolean prompting) {

    public enum Phase { COLLECTING, SUBMITTED, DONE }

    /**
     * How long a prompt may play before the try's time counts anyway, as if it had ended then: the flow
     * may never report the end of a playback, and no IVR prompt plays a minute.
     */
    public static final long PROMPT_GUARD_MS = 60_000;

    public record Step(DigitCollector next, IvrAction action) {}

    /** The first try: the enter prompt plays. */
    public static Step start(IvrSettings settings, long nowMs) {
        return new Step(new DigitCollector(settings, Phase.COLLECTING, "", 1, nowMs, -1, true), new IvrAction.Play(settings.enter()));
    }

    /**
     * The prompt finished: the try's overall time counts again from here, unless digits already came
     * (without this call it counts from {@link #PROMPT_GUARD_MS} after the prompt's start, so a playback
     * that never reports still ends, and one longer than the try's time is not cut off).
     */
    public DigitCollector promptDone(long nowMs) {
        if (phase != Phase.COLLECTING || !prompting) return this;
        return new DigitCollector(settings, phase, digits, tryNumber, digits.isEmpty() ? nowMs : tryStartedMs, lastDigitMs, false);
    }

    public Step digit(char d, long nowMs) {
        if (phase != Phase.COLLECTING) return new Step(this, IvrAction.WAIT);
        IvrAction stop = prompting ? IvrAction.STOP_PROMPT : IvrAction.WAIT;
        return switch (d) {
            case '#' -> digits.isEmpty() ? failedTry(true, nowMs) : submit();
            case '*' -> new Step(new DigitCollector(settings, phase, "", tryNumber, tryStartedMs, -1, false), stop);
            case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> {
                if (digits.length() >= settings.maxDigits()) yield failedTry(true, nowMs);
                yield new Step(new DigitCollector(settings, phase, digits + d, tryNumber, tryStartedMs, nowMs, false), stop);
            }
            default -> new Step(this, IvrAction.WAIT);
        };
    }

    public Step tick(long nowMs) {
        if (phase != Phase.COLLECTING) return new Step(this, IvrAction.WAIT);
        if (nowMs - tryStartedMs >= overallMs()) return failedTry(false, nowMs);
        if (!digits.isEmpty() && nowMs - lastDigitMs >= settings.interDigit().toMillis()) return submit();
        return new Step(this, IvrAction.WAIT);
    }

    /** The submitted entry names nobody (or nobody the flow can reach): the caller hears so and tries again. */
    public Step rejected(long nowMs) {
        if (phase != Phase.SUBMITTED) throw new IllegalStateException("nothing was submitted (phase " + phase + ")");
        return failedTry(true, nowMs);
    }

    /** When {@link #tick} next has something to do; {@link Long#MAX_VALUE} while nothing is timed. */
    public long deadline() {
        if (phase != Phase.COLLECTING) return Long.MAX_VALUE;
        long d = tryStartedMs + overallMs();
        if (!digits.isEmpty()) d = Math.min(d, lastDigitMs + settings.interDigit().toMillis());
        return d;
    }

    // while the prompt plays, its end is not known yet: the try's time starts at the latest after the guard
    private long overallMs() {
        return settings.overall().toMillis() + (prompting ? PROMPT_GUARD_MS : 0);
    }

    private Step submit() {
        return new Step(new DigitCollector(settings, Phase.SUBMITTED, digits, tryNumber, tryStartedMs, lastDigitMs, false),
                new IvrAction.Submit(digits));
    }

    private Step failedTry(boolean invalid, long nowMs) {
        var why = invalid ? settings.invalid() : java.util.List.<String>of();
        if (tryNumber >= settings.tries()) {
            return new Step(new DigitCollector(settings, Phase.DONE, "", tryNumber, tryStartedMs, -1, false),
                    new IvrAction.GiveUp(IvrAction.concat(why, settings.goodbye()),
                            (invalid ? "no valid entry" : "no entry in time") + " in " + tryNumber + " tries"));
        }
        var prompts = IvrAction.concat(IvrAction.concat(why, settings.retry()), settings.enter());
        return new Step(new DigitCollector(settings, Phase.COLLECTING, "", tryNumber + 1, nowMs, -1, true), new IvrAction.Play(prompts));
    }
}
