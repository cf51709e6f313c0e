package org.tgari.telegram.tdlib;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * TDLib as a test scripts it: answers each request type with the JSON td_api.tl defines, records every
 * request; what has no answer of its own goes to {@link #answer}, which by default refuses it with a
 * 400 (as TDLib refuses an unknown request).
 */
class ScriptedTdSession implements TdSession {

    private static final ObjectMapper JSON = new ObjectMapper();

    final List<ObjectNode> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Function<ObjectNode, CompletableFuture<JsonNode>>> answers = new ConcurrentHashMap<>();
    /** Answers every request type without an answer of its own. */
    volatile Function<ObjectNode, CompletableFuture<JsonNode>> answer = r -> error(400, "unscripted request " + r.path("@type").asText());

    /** Answers requests of {@code type} with {@code answer}. */
    ScriptedTdSession on(String type, Function<ObjectNode, CompletableFuture<JsonNode>> answer) {
        answers.put(type, answer);
        return this;
    }

    ScriptedTdSession reply(String type, String json) {
        return on(type, r -> ok(json));
    }

    static CompletableFuture<JsonNode> ok(String json) {
        return CompletableFuture.completedFuture(node(json));
    }

    static CompletableFuture<JsonNode> error(int code, String message) {
        return CompletableFuture.failedFuture(new TdError(code, message));
    }

    static JsonNode node(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    List<String> types() {
        return requests.stream().map(r -> r.path("@type").asText()).toList();
    }

    List<ObjectNode> requestsOf(String type) {
        return requests.stream().filter(r -> type.equals(r.path("@type").asText())).toList();
    }

    @Override
    public CompletableFuture<JsonNode> send(ObjectNode request) {
        requests.add(request);
        var a = answers.get(request.path("@type").asText());
        return (a == null ? answer : a).apply(request);
    }

    @Override
    public ObjectNode request(String type) {
        return JSON.createObjectNode().put("@type", type);
    }

    static String authorization(String state) {
        return "{\"@type\":\"updateAuthorizationState\",\"authorization_state\":{\"@type\":\"" + state + "\"}}";
    }

    static String user(long id, String first, String last) {
        return "{\"@type\":\"user\",\"id\":" + id + ",\"first_name\":\"" + first + "\",\"last_name\":\"" + last + "\",\"usernames\":null,"
                + "\"phone_number\":\"\",\"status\":{\"@type\":\"userStatusEmpty\"},\"is_contact\":false,\"type\":{\"@type\":\"userTypeRegular\"}}";
    }
}
