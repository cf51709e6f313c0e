package org.tgari.voip.engine;

/** Where a call's media engine stands, as reported to its owner. */
public sealed interface EngineState {

    String name();

    /** Signaling, ICE and DTLS are in progress. */
    record Connecting() implements EngineState {
        @Override public String name() { return "connecting"; }
    }

    /** ICE selected a pair and DTLS-SRTP is up: audio flows. */
    record Connected(String path) implements EngineState {
        @Override public String name() { return "connected"; }
    }

    record Failed(String reason) implements EngineState {
        @Override public String name() { return "failed"; }
    }

    record Closed() implements EngineState {
        @Override public String name() { return "closed"; }
    }
}
