package org.tgari.telegram.tdlib;

/** What {@link TdLogin} needs of a terminal: questions, hidden questions, plain lines and a QR code. */
public interface LoginTerminal {

    /** Asks for one line of input; null when input has ended. */
    String ask(String prompt);

    /** Like {@link #ask} but without echoing what is typed (passwords). */
    String askHidden(String prompt);

    /** Prints one line (or a few) for the user. */
    void say(String text);

    /** Draws a {@code tg://login?token=...} link as a QR code the user scans with a phone. */
    void showQrCode(String link);
}
