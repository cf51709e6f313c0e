package org.tgari.telegram.sim;

import java.util.concurrent.CompletableFuture;
import org.tgari.routing.CallOutcome;
import org.tgari.telegram.OutgoingCall;

/**
 * A simulated user's call to the line, seen from the user's side: the user can hang up, and a test can
 * ask how the call ended for the user.
 */
public final class LineCaller implements OutgoingCall {

    private final Runnable hangUp;
    private final CompletableFuture<CallOutcome> ended;
    LineCaller(Runnable hangUp, CompletableFuture<CallOutcome> ended) {
        this.hangUp = hangUp;
        this.ended = ended;
    }

    /** The user gives up while it rings, or hangs up once answered. */
    @Override
    public void hangup() {
        hangUp.run();
    }

    /**
     * Completes when the call is over for the user: {@link CallOutcome#DECLINED} when the line hung up
     * without answering (what Telegram shows a caller of a discarded call), {@link CallOutcome#ANSWERED}
     * when it ended after the line answered, {@link CallOutcome#CANCELLED} when the user gave up or
     * nobody answered in time, {@link CallOutcome#INTERNAL_ERROR} when the media failed.
     */
    public CompletableFuture<CallOutcome> ended() {
        return ended;
    }
}
