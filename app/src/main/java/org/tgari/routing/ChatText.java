package org.tgari.routing;

/** A private chat message from a Telegram user, with when it arrived (milliseconds of the flow's clock). */
public record ChatText(long atMs, String text) {}
