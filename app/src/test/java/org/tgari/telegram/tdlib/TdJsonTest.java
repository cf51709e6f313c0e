package org.tgari.telegram.tdlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the real libtdjson (installed by scripts/install-tdjson.sh, which scripts/test.sh runs), all
 * offline: td_execute round trips and the authorization state machine up to the phone-number prompt.
 */
class TdJsonTest {

    static TdJsonLibrary lib;
    static TdJsonClient td;
    @TempDir
    static Path dir;

    @BeforeAll
    static void load() {
        lib = TdJsonLibrary.load(null);
        td = new TdJsonClient(lib);
        TdLogSettings.apply(td, dir.resolve("tdlib.log"), 1);
        td.start();
    }

    @AfterAll
    static void closeStopsTheReceiveLoop() {
        td.close();
        assertThat(td.clientCount()).isZero();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("tdjson-receive"));
    }

    @Test
    void executeNeedsNoNetwork() {
        JsonNode version = td.execute(td.request("getOption").put("name", "version"));
        assertThat(version.path("@type").asText()).isEqualTo("optionValueString");
        assertThat(version.path("value").asText()).isEqualTo("1.8.67");
        JsonNode entities = td.execute(td.request("getTextEntities").put("text", "hi @durov https://t.me"));
        assertThat(entities.path("entities")).extracting(e -> e.path("type").path("@type").asText())
                .containsExactly("textEntityTypeMention", "textEntityTypeUrl");
        var parse = td.request("parseTextEntities").put("text", "*bold* and _italic_");
        parse.set("parse_mode", td.request("textParseModeMarkdown").put("version", 2));
        JsonNode formatted = td.execute(parse);
        assertThat(formatted.path("text").asText()).isEqualTo("bold and italic");
        assertThat(formatted.path("entities")).hasSize(2);
        JsonNode error = td.execute(td.request("getOption"));
        assertThat(error.path("@type").asText()).isEqualTo("error");
    }

    /** Records one client's updates and completes when an authorization state is reached. */
    private static final class Updates implements java.util.function.Consumer<JsonNode> {
        final List<String> states = new CopyOnWriteArrayList<>();
        final List<Integer> clientIds = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> waitParams = new CompletableFuture<>();
        final CompletableFuture<Void> waitPhone = new CompletableFuture<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();

        @Override
        public void accept(JsonNode u) {
            clientIds.add(u.path("@client_id").asInt());
            if (!"updateAuthorizationState".equals(u.path("@type").asText())) return;
            String s = u.path("authorization_state").path("@type").asText();
            states.add(s);
            switch (s) {
                case "authorizationStateWaitTdlibParameters" -> waitParams.complete(null);
                case "authorizationStateWaitPhoneNumber" -> waitPhone.complete(null);
                case "authorizationStateClosed" -> closed.complete(null);
                default -> { }
            }
        }
    }

    /** Keeps TDLib from ever connecting: it applies this before its first connection. */
    private void offline(int id) {
        var none = td.request("setNetworkType");
        none.set("type", td.request("networkTypeNone"));
        td.send(id, none);
    }

    private int startClient(Updates u, Path dbDir) throws Exception {
        int id = td.newClient(u);
        offline(id);
        td.send(id, td.request("getOption").put("name", "version")).get(10, TimeUnit.SECONDS);
        u.waitParams.get(10, TimeUnit.SECONDS);
        var params = td.request("setTdlibParameters")
                .put("use_test_dc", true).put("database_directory", dbDir.toString()).put("files_directory", dbDir.resolve("files").toString())
                .put("database_encryption_key", "").put("use_file_database", false).put("use_chat_info_database", false)
                .put("use_message_database", false).put("use_secret_chats", false)
                .put("api_id", 1).put("api_hash", "0123456789abcdef0123456789abcdef") // dummy: never real credentials in the repo
                .put("system_language_code", "en").put("device_model", "tgari-test").put("system_version", "").put("application_version", "0.1");
        td.send(id, params).get(10, TimeUnit.SECONDS);
        u.waitPhone.get(20, TimeUnit.SECONDS);
        return id;
    }

    @Test
    void twoClientsReachThePhoneNumberPromptOfflineAndGetOnlyTheirOwnUpdates() throws Exception {
        var a = new Updates();
        var b = new Updates();
        int idA = startClient(a, dir.resolve("a"));
        int idB = startClient(b, dir.resolve("b"));
        assertThat(a.states).containsSubsequence("authorizationStateWaitTdlibParameters", "authorizationStateWaitPhoneNumber");
        assertThat(a.clientIds).containsOnly(idA);
        assertThat(b.clientIds).containsOnly(idB);
        td.closeClient(idA, Duration.ofSeconds(10));
        td.closeClient(idB, Duration.ofSeconds(10));
        a.closed.get(5, TimeUnit.SECONDS); // the update reaches the listener on its own thread
        b.closed.get(5, TimeUnit.SECONDS);
        assertThat(td.clientCount()).isZero();
    }

    @Test
    void theCallRequestsWeBuildAreWellFormedForThisTdlib() throws Exception {
        var u = new Updates();
        int id = startClient(u, dir.resolve("calls"));
        // Not logged in, so TDLib refuses them (calls, lookups, messages), but only after parsing: a field it does not know would
        // fail the parse first ("Failed to parse JSON object as TL object").
        var create = td.request("createCall").put("user_id", 1001).put("is_video", false);
        create.set("protocol", TdCalls.protocol());
        var search = td.request("searchUserByPhoneNumber").put("phone_number", "15550001").put("only_local", true);
        var importing = td.request("importContacts");
        importing.putArray("contacts").addObject().put("@type", "contact").put("phone_number", "15550001").put("first_name", "+15550001")
                .put("last_name", "").put("vcard", "").put("user_id", 0);
        for (var request : java.util.List.of(create, TdCalls.sendSignaling(1, new byte[] {1}), TdCalls.discard(1, false, 0, 0),
                TdCalls.accept(1), TdMessages.privateChat(1001), TdMessages.sendText(1001, "hello"), search, importing)) {
            var f = td.send(id, request);
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TdError.class)
                    .satisfies(t -> assertThat(t.getCause().getMessage()).as(request.toString()).doesNotContain("parse"));
        }
        td.closeClient(id, Duration.ofSeconds(10));
    }

    @Test
    void errorsCompleteTheRequestExceptionally() throws Exception {
        var u = new Updates();
        int id = td.newClient(u);
        offline(id);
        td.send(id, td.request("getOption").put("name", "version")).get(10, TimeUnit.SECONDS);
        u.waitParams.get(10, TimeUnit.SECONDS);
        // a code before there is even a phone number: TDLib refuses it
        var f = td.send(id, td.request("checkAuthenticationCode").put("code", "12345"));
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TdError.class);
        td.closeClient(id, Duration.ofSeconds(10));
    }

    @Test
    void aMissingLibraryNamesEveryPlaceAndTheInstaller() {
        assertThatThrownBy(() -> TdJsonLibrary.loadFirst(List.of(Path.of("/nonexistent/libtdjson.so"), Path.of("/etc/hostname"))))
                .isInstanceOf(TdJsonUnavailable.class)
                .hasMessageContaining("/nonexistent/libtdjson.so (missing)")
                .hasMessageContaining("/etc/hostname (")
                .hasMessageContaining("scripts/install-tdjson.sh");
    }
}
