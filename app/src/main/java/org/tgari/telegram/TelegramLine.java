package org.tgari.telegram;

import java.util.concurrent.CompletableFuture;
import org.tgari.routing.Target;

/**
 * One Telegram account ("line") as the gateway sees it: the port that both the TDLib client and the
 * simulated Telegram network implement. Callbacks may arrive on any thread.
 */
public interface TelegramLine extends AutoCloseable {

    String name();

    /** Whether the line can place calls now, and if not, why. */
    LineState state();

    /** Resolves a dialled target to a user; failures carry their own outcome (not found, not a user, ...). */
    CompletableFuture<Lookup> lookup(Target target);

    /** Starts ringing {@code user}; the listener hears ringing, accept (with the call's audio) or the end. */
    OutgoingCall call(TelegramUser user, CallListener listener);

    /**
     * Where incoming calls and private text messages go; {@link InboundHandler#DECLINE_ALL} until set.
     * Set it before anything can arrive (right after the line is built).
     */
    void setInboundHandler(InboundHandler handler);

    /** Sends a private text message; fails with a {@link TelegramFailure} saying why. */
    CompletableFuture<Void> sendText(TelegramUser to, String text);

    /** Telegram's limit for one text message, in UTF-16 code units (what Java's length counts). */
    int MAX_TEXT_LENGTH = 4096;

    /** Why Telegram would refuse {@code text} as one message, or null when it may be sent. */
    static TelegramFailure unsendable(String text) {
        if (!text.isEmpty() && text.length() <= MAX_TEXT_LENGTH) return null;
        return new TelegramFailure("a message must have 1 to " + MAX_TEXT_LENGTH + " characters, not " + text.length());
    }

    @Override
    void close();
}
