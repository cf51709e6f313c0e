package org.tgari.telegram;

/** A Telegram user the line can call. */
public record TelegramUser(long id, String displayName) {}
