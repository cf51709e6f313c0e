package org.tgari.routing;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A chat message from the Telegram peer during a bridged call, read as keypad presses for the SIP
 * side: the whole message (surrounding white space aside) must be 1-32 of {@code 0-9 * # A-D}, so
 * that ordinary chat never turns into tones.
 */
public final class ChatDtmf {

    public static final Pattern DIGITS = Pattern.compile("[0-9*#A-D]{1,32}");

    private ChatDtmf() {}

    /** The digits to send as DTMF (ARI {@code POST /channels/{id}/dtmf}), or empty when the text is chat. */
    public static Optional<String> digits(String text) {
        if (text == null) return Optional.empty();
        String s = text.strip();
        return DIGITS.matcher(s).matches() ? Optional.of(s) : Optional.empty();
    }
}
