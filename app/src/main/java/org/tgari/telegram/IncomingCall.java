package org.tgari.telegram;

/**
 * A Telegram call ringing on a line. The gateway answers it or hangs it up; either may be called from
 * any thread, and hanging up is idempotent (declines while ringing, ends the call once answered).
 */
public interface IncomingCall {

    /** Who is calling. */
    TelegramUser caller();

    /** Telegram's own id for the call, for the logs; empty where there is none (the simulated network). */
    default String telegramCallId() {
        return "";
    }

    /** Answers: the call's listener then hears {@code accepted(voice)} or {@code ended}. */
    void answer();

    /** Declines while ringing, hangs up once answered. */
    void hangup();
}
