package org.tgari.telegram.tdlib;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;

/** One TDLib client as a line uses it: requests out, answers back; its updates are pushed to the line. */
public interface TdSession {
    CompletableFuture<JsonNode> send(ObjectNode request);

    ObjectNode request(String type);
}
