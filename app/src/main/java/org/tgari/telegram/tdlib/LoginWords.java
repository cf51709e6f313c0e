package org.tgari.telegram.tdlib;

import com.fasterxml.jackson.databind.JsonNode;

/** TDLib's login errors, code delivery and connection states in plain words. */
final class LoginWords {
    private LoginWords() {}

    static String error(TdError e) {
        String m = e.tdMessage();
        int wait = TdCalls.floodWaitSeconds(m);
        if (wait >= 0) return "too many attempts: Telegram asks to wait " + duration(wait) + " before trying again";
        return switch (m) {
            case "PHONE_NUMBER_INVALID" -> "Telegram does not accept that phone number; type it with its country code, e.g. +44 7700 900123";
            case "PHONE_NUMBER_BANNED" -> "that phone number is banned from Telegram";
            case "PHONE_NUMBER_FLOOD" -> "that phone number asked for too many codes; Telegram will not send another for a while";
            case "PHONE_CODE_INVALID" -> "that code is not right; type the code Telegram sent";
            case "PHONE_CODE_EMPTY" -> "no code typed; type the code Telegram sent";
            case "PHONE_CODE_EXPIRED" -> "that code has expired; ask for a new one";
            case "PASSWORD_HASH_INVALID" -> "wrong password";
            case "EMAIL_CODE_INVALID" -> "that code is not right; type the code Telegram emailed";
            case "EMAIL_INVALID", "EMAIL_ADDRESS_INVALID" -> "Telegram does not accept that email address";
            default -> "Telegram said: " + m + " (" + e.code() + ")";
        };
    }

    static String duration(long seconds) {
        if (seconds < 120) return seconds + " seconds";
        if (seconds < 2 * 3600) return (seconds + 59) / 60 + " minutes";
        long minutes = (seconds + 59) / 60;
        return minutes / 60 + " hours" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " minutes");
    }

    /** Where a login code went, from an authenticationCodeType. */
    static String codeSent(JsonNode type, String phone) {
        return switch (type.path("@type").asText()) {
            case "authenticationCodeTypeTelegramMessage" -> "in Telegram, as a message on your other logged-in devices";
            case "authenticationCodeTypeSms", "authenticationCodeTypeFirebaseAndroid", "authenticationCodeTypeFirebaseIos" ->
                    "by SMS to " + phone;
            case "authenticationCodeTypeSmsWord" -> "by SMS to " + phone + " (a word starting with '" + type.path("first_letter").asText() + "')";
            case "authenticationCodeTypeSmsPhrase" -> "by SMS to " + phone + " (a phrase)";
            case "authenticationCodeTypeCall" -> "by a phone call to " + phone;
            case "authenticationCodeTypeFlashCall" -> "as a flash call to " + phone + ": type the number that called";
            case "authenticationCodeTypeMissedCall" -> "as a missed call to " + phone + ": the code is the last "
                    + type.path("length").asInt() + " digits of the number that called (it starts " + type.path("phone_number_prefix").asText() + ")";
            case "authenticationCodeTypeFragment" -> "on Fragment: " + type.path("url").asText();
            default -> "in a way tgari does not know (" + type.path("@type").asText() + ")";
        };
    }

    /** An updateConnectionState's state, for the "waiting for Telegram (...)" line; null: not heard yet. */
    static String connection(String state) {
        if (state == null) return "connecting";
        return switch (state) {
            case "connectionStateWaitingForNetwork" -> "no network";
            case "connectionStateConnectingToProxy" -> "connecting to the proxy";
            case "connectionStateConnecting" -> "connecting";
            case "connectionStateUpdating" -> "updating";
            case "connectionStateReady" -> "connected";
            default -> state;
        };
    }

    /** "First Last (@name, +phone)" from a user object. */
    static String user(JsonNode u) {
        String name = TdUsers.displayName(u);
        var extra = new StringBuilder();
        JsonNode names = u.path("usernames").path("active_usernames");
        if (names.isArray() && !names.isEmpty()) extra.append('@').append(names.get(0).asText());
        String phone = u.path("phone_number").asText("");
        if (!phone.isEmpty()) extra.append(extra.isEmpty() ? "" : ", ").append('+').append(phone);
        return extra.isEmpty() ? name : name + " (" + extra + ")";
    }
}
