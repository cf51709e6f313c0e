package org.tgari.routing;

/** What a line does with an incoming Telegram call. */
public enum InboundMode {
    /** Decline it (without touching Asterisk). */
    REJECT,
    /** Ring a fixed extension: {@code Local/<extension>@<context>}; accept only when it answers. */
    EXTENSION,
    /** Accept at once, ask for an extension (a chat message), then ring {@code Local/<digits>@<context>}. */
    ASK
}
