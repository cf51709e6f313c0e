package org.tgari.telegram.tdlib;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** The TDLib JSON of private text messages, as td_api.tl defines it: what tgari sends and what it reads. */
public final class TdMessages {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TdMessages() {}

    /** A text someone sent this account in their private chat with it. */
    public record IncomingText(long userId, long messageId, String text) {}

    /**
     * Reads {@code updateNewMessage}; empty unless it is an incoming plain text in a private chat with a
     * user (private chats have the user's id as chat id; groups, channels and our own messages are skipped).
     */
    public static Optional<IncomingText> readIncomingText(JsonNode update) {
        if (!"updateNewMessage".equals(update.path("@type").asText())) return Optional.empty();
        JsonNode m = update.path("message");
        if (m.path("is_outgoing").asBoolean(true)) return Optional.empty();
        JsonNode sender = m.path("sender_id");
        if (!"messageSenderUser".equals(sender.path("@type").asText())) return Optional.empty();
        long userId = sender.path("user_id").asLong();
        if (userId <= 0 || m.path("chat_id").asLong() != userId) return Optional.empty();
        JsonNode content = m.path("content");
        if (!"messageText".equals(content.path("@type").asText())) return Optional.empty();
        JsonNode text = content.path("text").path("text");
        if (!text.isTextual()) return Optional.empty();
        return Optional.of(new IncomingText(userId, m.path("id").asLong(), text.asText()));
    }

    /** {@code createPrivateChat}: the chat with a user, which sendMessage needs. */
    public static ObjectNode privateChat(long userId) {
        return MAPPER.createObjectNode().put("@type", "createPrivateChat").put("user_id", userId).put("force", false);
    }

    /** {@code sendMessage} of a plain text (no formatting entities) to a chat. */
    public static ObjectNode sendText(long chatId, String text) {
        ObjectNode req = MAPPER.createObjectNode().put("@type", "sendMessage").put("chat_id", chatId);
        ObjectNode content = req.putObject("input_message_content").put("@type", "inputMessageText");
        content.putObject("text").put("@type", "formattedText").put("text", text).putArray("entities");
        content.put("clear_draft", false);
        return req;
    }

    /** How the server took a message TDLib had queued: {@code error} is null on success. */
    public record SendResult(long oldMessageId, String error) {}

    /**
     * Reads {@code updateMessageSendSucceeded} / {@code updateMessageSendFailed}. The failure's error is an
     * {@code error} object in current TDLib and was {@code error_code}/{@code error_message} before 1.8.2x.
     */
    public static Optional<SendResult> readSendResult(JsonNode update) {
        String type = update.path("@type").asText();
        if ("updateMessageSendSucceeded".equals(type)) return Optional.of(new SendResult(update.path("old_message_id").asLong(), null));
        if (!"updateMessageSendFailed".equals(type)) return Optional.empty();
        JsonNode error = update.path("error");
        String message = error.isObject() ? error.path("code").asInt() + " " + error.path("message").asText()
                : update.path("error_code").asInt() + " " + update.path("error_message").asText();
        return Optional.of(new SendResult(update.path("old_message_id").asLong(), message.strip()));
    }
}
