package org.tgari.cli;

/** Entry point of {@code tgari.jar}: dispatches to one sub-command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("tgari");
    }
}
