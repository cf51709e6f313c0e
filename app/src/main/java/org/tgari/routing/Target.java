package org.tgari.routing;

import java.util.regex.Pattern;

/** Whom a dialled string names on Telegram: a phone number, a user id or a public @username. */
public sealed interface Target {

    /** E.164 digits without the leading plus. */
    record Phone(String digits) implements Target {
        @Override public String toString() { return "+" + digits; }
    }

    /** A Telegram user id; only ids the account already knows can be called. */
    record UserId(long id) implements Target {
        @Override public String toString() { return "*" + id; }
    }

    /** A public username, stored without the '@' and in lower case (usernames are case-insensitive). */
    record Username(String name) implements Target {
        @Override public String toString() { return "@" + name; }
    }

    Pattern DIGITS = Pattern.compile("\\+?[0-9]{3,15}");
    Pattern USER_ID = Pattern.compile("\\*[0-9]{1,19}");
    // Telegram allows 5-32 characters for new names, but shorter collectible names exist, so accept 1-32.
    Pattern USERNAME = Pattern.compile("@?[A-Za-z][A-Za-z0-9_]{0,31}");

    /**
     * Parses the dialplan's target: digits = phone number (E.164 without +), {@code *digits} = user id,
     * anything else = username. Returns null when the string can name nobody.
     */
    static Target parse(String raw) {
        if (raw == null) return null;
        String s = raw.strip();
        if (DIGITS.matcher(s).matches()) return new Phone(s.startsWith("+") ? s.substring(1) : s);
        if (USER_ID.matcher(s).matches()) {
            try {
                long id = Long.parseLong(s.substring(1));
                return id > 0 ? new UserId(id) : null;
            } catch (NumberFormatException tooLarge) {
                return null;
            }
        }
        if (USERNAME.matcher(s).matches()) return new Username((s.startsWith("@") ? s.substring(1) : s).toLowerCase(java.util.Locale.ROOT));
        return null;
    }

    /** Why {@link #parse} found nobody in {@code raw}, in words for the log and the caller's cause. */
    static String whyNot(String raw) {
        String s = raw == null ? "" : raw.strip();
        if (s.isEmpty()) return "no target was dialled";
        String digits = s.startsWith("+") ? s.substring(1) : s;
        if (!digits.isEmpty() && digits.chars().allMatch(Character::isDigit)) {
            return "'" + s + "' has " + digits.length() + " digits; a phone number has 3 to 15";
        }
        if (s.startsWith("*")) return "'" + s + "' is no user id: * takes a positive id of up to 19 digits";
        return "'" + s + "' is neither a phone number, *id nor a username (a letter, then up to 31 letters, digits or _)";
    }
}
