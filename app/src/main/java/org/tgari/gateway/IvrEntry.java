package org.tgari.gateway;

import java.util.List;
import org.tgari.ari.AriEvent;
import org.tgari.logging.CallLog;
import org.tgari.routing.CallOutcome;
import org.tgari.routing.DigitCollector;
import org.tgari.routing.Directory;
import org.tgari.routing.IvrAction;
import org.tgari.routing.IvrSettings;
import org.tgari.routing.Target;

/**
 * The IVR's front phase of an outbound call: carries out what a {@link DigitCollector} asks (prompts to
 * play or stop, an entry to resolve, giving up) and feeds it the caller's DTMF digits, the prompts' end
 * and its timeouts (one Vert.x timer at {@link DigitCollector#deadline}). An entry the {@link Directory}
 * resolves goes to the call; the call reports a target Telegram does not know with {@link #rejected}.
 * Runs on the call's context; {@link #close} cancels what is timed.
 */
final class IvrEntry {

    /** What the call does with the caller's entry. */
    interface Entered {
        /** The entry names {@code target} ({@code how}: a directory code or a phone number). */
        void target(Target target, String how);

        /** No tries left: the call ends as {@code outcome} (how the last try failed) after {@code prompts}. */
        void gaveUp(CallOutcome outcome, List<String> prompts, String reason);
    }

    private final CallEnvironment env;
    private final CallLog log;
    private final IvrSettings settings;
    private final ChannelPlayer player;
    private final Entered entered;
    private DigitCollector collector;
    private final DeadlineTimer timer;
    private boolean closed;
    // how the last try failed: what a caller who runs out of tries is counted as
    private CallOutcome lastFailure = CallOutcome.INVALID_TARGET;

    IvrEntry(CallEnvironment env, CallLog log, IvrSettings settings, ChannelPlayer player, Entered entered) {
        this.env = env;
        this.timer = new DeadlineTimer(env.vertx());
        this.log = log;
        this.settings = settings;
        this.player = player;
        this.entered = entered;
    }

    /** The first try: the enter prompt plays. */
    void start() {
        apply(DigitCollector.start(settings, now()));
    }

    /** A DTMF digit from the caller while the number is entered; false for any other event, and once the entry is over. */
    boolean onEvent(AriEvent event) {
        if (!(event instanceof AriEvent.ChannelDtmfReceived dtmf)) return false;
        // once the entry is over, the digits belong to the connected call (DTMF to chat)
        if (closed) return false;
        if (collector == null || dtmf.digit().length() != 1) return true;
        // an empty or too long entry fails here, not in a lookup
        lastFailure = CallOutcome.INVALID_TARGET;
        apply(collector.digit(dtmf.digit().charAt(0), now()));
        return true;
    }

    /** The submitted entry reaches nobody on Telegram ({@code outcome}: how the lookup failed): it costs a try. */
    void rejected(CallOutcome outcome, String why) {
        if (closed) return;
        log.info("IVR entry rejected: {}", why);
        lastFailure = outcome;
        apply(collector.rejected(now()));
    }

    /** The entry phase is over (a target answered, or the call ended): nothing more is timed. */
    void close() {
        closed = true;
        cancelTimer();
    }

    private void apply(DigitCollector.Step step) {
        collector = step.next();
        switch (step.action()) {
            case IvrAction.Play p -> player.play(ChannelPlayer.sounds(p.prompts()), this::promptDone);
            case IvrAction.StopPrompt s -> player.stop();
            case IvrAction.Submit s -> submit(s.entry());
            case IvrAction.GiveUp g -> {
                close();
                entered.gaveUp(lastFailure, g.prompts(), g.reason());
            }
            case IvrAction.Wait w -> { }
        }
        if (!closed) arm();
    }

    private void submit(String entry) {
        switch (settings.directory().resolve(entry)) {
            case Directory.Resolution.Invalid invalid -> {
                log.info("IVR entry '{}' names nobody: {}", entry, invalid.reason());
                lastFailure = CallOutcome.INVALID_TARGET;
                apply(collector.rejected(now()));
            }
            case Directory.Resolution.Resolved r -> {
                log.info("IVR entry '{}' is {} ({})", entry, r.target(), r.how());
                entered.target(r.target(), r.how());
            }
        }
    }

    private void promptDone() {
        if (closed) return;
        collector = collector.promptDone(now());
        arm();
    }

    private void arm() {
        timer.at(collector.deadline(), () -> {
            if (closed) return;
            lastFailure = CallOutcome.INVALID_TARGET; // a try without an entry in time
            apply(collector.tick(now()));
        });
    }

    private void cancelTimer() {
        timer.cancel();
    }

    private static long now() {
        return DeadlineTimer.nowMs();
    }
}
