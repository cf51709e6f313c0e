package org.tgari.gateway;

import org.tgari.logging.CallLog;
import org.tgari.routing.ChatDtmf;
import org.tgari.routing.DtmfBatcher;
import org.tgari.telegram.TelegramUser;

/**
 * Keypad presses across the gap of one bridged call: DTMF the SIP side sends goes to the Telegram peer as
 * chat messages, batched by {@link DtmfBatcher} (only when the line's {@code dtmf-to-chat} is on), and
 * the peer's chat messages that are keypad characters ({@link ChatDtmf}) are played into the SIP channel.
 * Lives as long as the call's connected state; every method runs on the call's context.
 */
final class DtmfRelay {

    private final CallLog log;
    private final CallEnvironment env;
    private final String sipChannelId;
    private final TelegramUser peer;
    private final boolean toChat;

    private DtmfBatcher batcher = DtmfBatcher.create();
    private final DeadlineTimer timer;
    private boolean closed;

    DtmfRelay(CallLog log, CallEnvironment env, String sipChannelId, TelegramUser peer, boolean toChat) {
        this.log = log;
        this.env = env;
        this.timer = new DeadlineTimer(env.vertx());
        this.sipChannelId = sipChannelId;
        this.peer = peer;
        this.toChat = toChat;
    }

    /** A digit the SIP side sent ({@code ChannelDtmfReceived}). */
    void sipDigit(String digit) {
        if (!toChat || closed || digit == null || digit.length() != 1) return;
        apply(batcher.digit(digit.charAt(0), nowMs()));
    }

    /** A private chat message from the peer: keypad characters become DTMF, anything else is chat and stays there. */
    void chatText(String text) {
        if (closed) return;
        var digits = ChatDtmf.digits(text);
        if (digits.isEmpty()) {
            // what people chat about is none of the log's business
            log.debug("chat message from the peer ({} characters) is not DTMF; ignored", text == null ? 0 : text.length());
            return;
        }
        log.info("playing {} digit(s) from the peer's chat into {}", digits.get().length(), sipChannelId);
        env.ari().sendDtmf(sipChannelId, digits.get()).exceptionally(t -> {
            log.warn("could not play chat digits into {}: {}", sipChannelId, t.getMessage());
            return null;
        });
    }

    /** The call leaves its connected state: digits still pending go out now, nothing more is relayed. */
    void close() {
        if (closed) return;
        closed = true;
        cancelTimer();
        var step = batcher.flush();
        batcher = step.next();
        step.messages().forEach(this::send);
    }

    private void apply(DtmfBatcher.Step step) {
        batcher = step.next();
        step.messages().forEach(this::send);
        // set on the call's context, so the timer fires there too
        timer.at(batcher.deadline(), () -> {
            if (!closed) apply(batcher.tick(nowMs()));
        });
    }

    private void cancelTimer() {
        timer.cancel();
    }

    private void send(String digits) {
        log.info("sending {} DTMF digit(s) from {} to Telegram user {} as a chat message", digits.length(), sipChannelId, peer.id());
        env.line().sendText(peer, digits).exceptionally(t -> {
            log.warn("DTMF chat message to Telegram user {} not sent: {}", peer.id(), t.getMessage());
            return null;
        });
    }

    private static long nowMs() {
        return DeadlineTimer.nowMs();
    }
}
