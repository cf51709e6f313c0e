package org.tgari.telegram;

/** Telegram refused or could not do what was asked; the message says what and why in plain words. */
public final class TelegramFailure extends RuntimeException {
    public TelegramFailure(String message) {
        super(message, null, false, false);
    }
}
