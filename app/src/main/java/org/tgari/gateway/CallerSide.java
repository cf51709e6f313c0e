package org.tgari.gateway;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.tgari.ari.AriEvent;
import org.tgari.routing.CallOutcome;

/**
 * How an outbound call treats its SIP caller, chosen when the call starts: a {@link RingingCaller}
 * ({@code dial}) hears ringing and is answered only when the Telegram media is up, so a failure reaches
 * it as a SIP response; an {@link AnsweredCaller} ({@code ivr}) was answered to enter digits, so a
 * failure is told in prompts before a normal hang-up. Every method runs on the call's context.
 */
sealed interface CallerSide permits RingingCaller, AnsweredCaller {

    /** The Telegram user's phone rings. */
    void telegramRinging();

    /** The Telegram user answered; the caller is about to be bridged, and nothing may play to it then. */
    void telegramAnswered();

    /** The Telegram media path is up: whatever makes the caller talk to the Telegram user. */
    CompletableFuture<Void> mediaUp();

    /** What the caller hears before the hang-up when the call ends with {@code outcome}. */
    List<String> farewell(CallOutcome outcome);

    /**
     * The call ended: plays {@code farewell} (where the caller can hear it), then hangs the caller up.
     * Completes once Asterisk answered the hang-up, or the caller left; never fails.
     */
    CompletableFuture<Void> hangUp(CallOutcome outcome, List<String> farewell);

    /** An event on the caller's channel that this side consumes (its playbacks' ends); false for others. */
    boolean onEvent(AriEvent event);

    /** The caller hung up: nothing more is played to it, and nothing waits for its playbacks. */
    void gone();

    /** tgari stops or lost ARI: a farewell still playing is cut short, and the hang-up follows at once. */
    void hurry();
}
