package org.tgari.routing;

import java.util.Locale;
import org.tgari.telegram.TelegramUser;

/**
 * One entry of a line's allowlist or denylist: {@code +4930123} (that phone number), {@code +49*}
 * (numbers starting so), {@code @ann} / {@code @support_*} (a username, case-insensitive, or its
 * prefix) or {@code id:123456} (one user id). A caller whose phone or username the account cannot see
 * never matches a phone or username pattern.
 */
public sealed interface CallerPattern {

    boolean matches(TelegramUser user);

    record Phone(String digits, boolean prefix) implements CallerPattern {
        @Override public boolean matches(TelegramUser u) {
            return !u.phone().isEmpty() && (prefix ? u.phone().startsWith(digits) : u.phone().equals(digits));
        }
        @Override public String toString() { return "+" + digits + (prefix ? "*" : ""); }
    }

    record Username(String name, boolean prefix) implements CallerPattern {
        @Override public boolean matches(TelegramUser u) {
            String n = u.username().toLowerCase(Locale.ROOT);
            return !n.isEmpty() && (prefix ? n.startsWith(name) : n.equals(name));
        }
        @Override public String toString() { return "@" + name + (prefix ? "*" : ""); }
    }

    record UserId(long id) implements CallerPattern {
        @Override public boolean matches(TelegramUser u) { return u.id() == id; }
        @Override public String toString() { return "id:" + id; }
    }

    /** Parses one pattern; a malformed one is an {@link IllegalArgumentException} saying what is expected. */
    static CallerPattern parse(String raw) {
        String s = raw == null ? "" : raw.strip();
        boolean prefix = s.endsWith("*");
        String body = prefix ? s.substring(0, s.length() - 1) : s;
        if (s.startsWith("+")) {
            String digits = body.substring(1);
            if (digits.matches("[0-9]{1,15}")) return new Phone(digits, prefix);
        } else if (s.startsWith("@")) {
            String name = body.substring(1);
            if (name.matches("[A-Za-z0-9_]{1,32}")) return new Username(name.toLowerCase(Locale.ROOT), prefix);
        } else if (s.startsWith("id:") && !prefix) {
            String digits = s.substring(3);
            if (digits.matches("[0-9]{1,19}")) {
                try {
                    long id = Long.parseLong(digits);
                    if (id > 0) return new UserId(id);
                } catch (NumberFormatException tooLarge) {
                    // falls through to the error below
                }
            }
        }
        throw new IllegalArgumentException("'" + s + "' is not a caller pattern: use +digits (a phone number, 1-15 digits),"
                + " +digits* (numbers starting so), @username or @prefix*, or id:digits (one user id)");
    }
}
