package org.tgari.telegram;

/** Readiness of a line; {@code reason} says in plain words why it is not ready. */
public record LineState(boolean ready, String reason) {
    public static LineState readyState() { return new LineState(true, "ready"); }
    public static LineState notReady(String reason) { return new LineState(false, reason); }
}
