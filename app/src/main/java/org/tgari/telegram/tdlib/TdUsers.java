package org.tgari.telegram.tdlib;

import com.fasterxml.jackson.databind.JsonNode;
import org.tgari.telegram.TelegramUser;

/**
 * TDLib's {@code user} object (td_api.tl) as a {@link TelegramUser}: its names, its first active username
 * ({@code usernames.active_usernames}; older TDLib releases had a single {@code username}) and its
 * {@code phone_number}, which TDLib gives as digits without '+' and empty when the account may not see it.
 */
final class TdUsers {

    private TdUsers() {}

    static TelegramUser fromJson(JsonNode u) {
        String first = u.path("first_name").asText("");
        String last = u.path("last_name").asText("");
        String username = u.path("usernames").path("active_usernames").path(0).asText("");
        if (username.isEmpty()) username = u.path("username").asText("");
        String phone = u.path("phone_number").asText("").replaceAll("[^0-9]", "");
        return new TelegramUser(u.path("id").asLong(), displayName(u), username, phone, first, last);
    }

    /** First and last name, or "user <id>" for a user without a name (deleted accounts have none). */
    static String displayName(JsonNode u) {
        String name = (u.path("first_name").asText("") + " " + u.path("last_name").asText("")).strip();
        return name.isEmpty() ? "user " + u.path("id").asText() : name;
    }
}
