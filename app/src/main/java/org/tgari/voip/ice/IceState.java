package org.tgari.voip.ice;

/** Where an ICE agent stands. */
public sealed interface IceState {
    record Gathering() implements IceState {}

    record Checking() implements IceState {}

    /** A pair was nominated; {@code selectedPair} describes it for logs. */
    record Connected(String selectedPair) implements IceState {}

    record Failed(String reason) implements IceState {}

    record Closed() implements IceState {}
}
