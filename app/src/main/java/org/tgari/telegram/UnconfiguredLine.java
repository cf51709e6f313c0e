package org.tgari.telegram;

import java.util.concurrent.CompletableFuture;
import org.tgari.routing.CallOutcome;
import org.tgari.routing.Target;

/** A line that cannot call and says why in plain words; every call fails as Telegram-unavailable. */
public final class UnconfiguredLine implements TelegramLine {

    private final String reason;

    public UnconfiguredLine(String reason) {
        this.reason = reason;
    }

    @Override public String name() { return "none"; }

    @Override public LineState state() { return LineState.notReady(reason); }

    @Override
    public CompletableFuture<Lookup> lookup(Target target) {
        return CompletableFuture.completedFuture(new Lookup.Failed(CallOutcome.TELEGRAM_UNAVAILABLE, reason));
    }

    @Override
    public OutgoingCall call(TelegramUser user, CallListener listener) {
        listener.ended(CallOutcome.TELEGRAM_UNAVAILABLE, reason);
        return () -> { };
    }

    @Override public void setInboundHandler(InboundHandler handler) { }

    @Override
    public CompletableFuture<Void> sendText(TelegramUser to, String text) {
        return CompletableFuture.failedFuture(new TelegramFailure(reason));
    }

    @Override public void close() { }
}
