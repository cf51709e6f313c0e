package org.tgari.telegram;

/**
 * A Telegram user: the one a line calls, or the one who calls or writes to a line. What the account
 * may see of them is optional and empty when unknown: {@code username} without '@', {@code phone}
 * as digits without '+', {@code firstName} / {@code lastName}.
 */
public record TelegramUser(long id, String displayName, String username, String phone, String firstName, String lastName) {

    public TelegramUser {
        displayName = displayName == null ? "" : displayName;
        username = username == null ? "" : username;
        phone = phone == null ? "" : phone;
        firstName = firstName == null ? "" : firstName;
        lastName = lastName == null ? "" : lastName;
    }

    /** A user known only by id and the name to log. */
    public TelegramUser(long id, String displayName) {
        this(id, displayName, "", "", "", "");
    }
}
