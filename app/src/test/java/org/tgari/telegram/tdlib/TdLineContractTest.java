package org.tgari.telegram.tdlib;

import static org.tgari.telegram.tdlib.ScriptedTdSession.error;
import static org.tgari.telegram.tdlib.ScriptedTdSession.node;
import static org.tgari.telegram.tdlib.ScriptedTdSession.ok;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.tgari.routing.Target;
import org.tgari.telegram.TelegramLine;
import org.tgari.telegram.TelegramLineContract;
import org.tgari.telegram.TelegramUser;

/** A logged-in TDLib line keeps the line contract, with TDLib's side scripted in td_api.tl's JSON. */
class TdLineContractTest extends TelegramLineContract {

    @Override
    protected Network network() {
        Vertx vertx = Vertx.vertx();
        var td = new ScriptedTdSession();
        AtomicInteger messageIds = new AtomicInteger(100);
        AtomicInteger callIds = new AtomicInteger(1);
        td.on("searchUserByPhoneNumber", r -> r.path("phone_number").asText().equals("15550001") ? ok(ScriptedTdSession.user(42, "Ann", "")) : error(404, "Not Found"))
                .on("getUser", r -> r.path("user_id").asLong() == 42 ? ok(ScriptedTdSession.user(42, "Ann", "")) : error(400, "User not found"))
                .reply("createPrivateChat", "{\"@type\":\"chat\",\"id\":42,\"type\":{\"@type\":\"chatTypePrivate\",\"user_id\":42}}")
                .on("sendMessage", r -> ok("{\"@type\":\"message\",\"id\":" + messageIds.incrementAndGet()
                        + ",\"chat_id\":42,\"is_outgoing\":true,\"sending_state\":{\"@type\":\"messageSendingStatePending\",\"sending_id\":1}}"))
                .reply("discardCall", "{\"@type\":\"ok\"}");
        var line = new TdLine("contract", td, vertx, "127.0.0.1");
        line.onUpdate(node(ScriptedTdSession.authorization("authorizationStateReady")));
        return new Network() {
            @Override public TelegramLine line() { return line; }
            @Override public Target knownTarget() { return Target.parse("+15550001"); }
            @Override public TelegramUser knownUser() { return new TelegramUser(42, "Ann"); }
            @Override public Target unknownTarget() { return Target.parse("+15559999"); }

            @Override
            public void userWrites(TelegramUser from, String text) {
                line.onUpdate(node("{\"@type\":\"updateNewMessage\",\"message\":{\"@type\":\"message\",\"id\":7,\"sender_id\":{\"@type\":\"messageSenderUser\",\"user_id\":"
                        + from.id() + "},\"chat_id\":" + from.id() + ",\"is_outgoing\":false,\"content\":{\"@type\":\"messageText\",\"text\":{\"@type\":\"formattedText\",\"text\":\""
                        + text + "\",\"entities\":[]}}}}"));
            }

            @Override
            public void userCalls(TelegramUser from) {
                line.onUpdate(node("{\"@type\":\"updateCall\",\"call\":{\"@type\":\"call\",\"id\":" + callIds.incrementAndGet() + ",\"user_id\":" + from.id()
                        + ",\"is_outgoing\":false,\"is_video\":false,\"state\":{\"@type\":\"callStatePending\",\"is_created\":true,\"is_received\":true}}}"));
            }

            @Override
            public boolean lastOfferedCallWasDeclined() {
                try {
                    line.allSettled().get(5, TimeUnit.SECONDS); // a hang-up takes effect on the call's context
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return td.requestsOf("discardCall").stream().anyMatch(r -> r.path("call_id").asInt() == callIds.get());
            }

            @Override
            public void confirmQueuedMessages() {
                for (int id = 101; id <= messageIds.get(); id++) {
                    line.onUpdate(node("{\"@type\":\"updateMessageSendSucceeded\",\"message\":{\"@type\":\"message\",\"id\":" + (id + 1_000_000) + "},\"old_message_id\":" + id + "}"));
                }
            }

            @Override
            public void close() {
                line.close();
                try {
                    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }
}
