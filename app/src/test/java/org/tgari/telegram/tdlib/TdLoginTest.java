package org.tgari.telegram.tdlib;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The login flow against a scripted TDLib (auth states and answers as td_api's JSON) and a scripted terminal. */
class TdLoginTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofMillis(50);

    /** Answers typed in advance; records everything shown, prompts included, in order. */
    static final class ScriptedTerminal implements LoginTerminal {
        final Deque<String> answers = new ArrayDeque<>();
        final List<String> transcript = new CopyOnWriteArrayList<>();
        final List<String> qrCodes = new CopyOnWriteArrayList<>();

        ScriptedTerminal(String... answers) {
            this.answers.addAll(List.of(answers));
        }

        @Override
        public synchronized String ask(String prompt) {
            transcript.add("? " + prompt);
            return answers.poll();
        }

        @Override
        public synchronized String askHidden(String prompt) {
            transcript.add("?hidden " + prompt);
            return answers.poll();
        }

        @Override
        public void say(String text) {
            transcript.add(text);
        }

        @Override
        public void showQrCode(String link) {
            transcript.add("[QR " + link + "]");
            qrCodes.add(link);
        }
    }

    /** A TDLib client whose answers a test decides (everything "ok" unless told); updates it "sends" go straight to the login. */
    static final class ScriptedTdLib extends ScriptedTdSession {
        TdLogin login;

        ScriptedTdLib() {
            answer = r -> TdLoginTest.ok();
        }

        void authState(String json) {
            login.onUpdate(node("{\"@type\":\"updateAuthorizationState\",\"authorization_state\":" + json + "}"));
        }

        void authState0(String type) {
            authState("{\"@type\":\"" + type + "\"}");
        }
    }

    static JsonNode node(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static CompletableFuture<JsonNode> ok() {
        return CompletableFuture.completedFuture(node("{\"@type\":\"ok\"}"));
    }

    static CompletableFuture<JsonNode> error(int code, String message) {
        return CompletableFuture.failedFuture(new TdError(code, message));
    }

    static final String ME = "{\"@type\":\"user\",\"id\":42,\"first_name\":\"Alice\",\"last_name\":\"Liddell\","
            + "\"usernames\":{\"@type\":\"usernames\",\"active_usernames\":[\"alice\"]},\"phone_number\":\"447700900123\"}";

    private static TdLogin login(ScriptedTdLib td, ScriptedTerminal term, boolean qr) {
        var login = new TdLogin("x", qr, term, PATIENCE);
        td.login = login;
        return login;
    }

    @Test
    void phoneThenCodeThenPasswordWithEachRefusalExplainedAndAskedAgain() {
        var term = new ScriptedTerminal("12", " +44 7700 900123 ", "11111", "22222", "wrong", " secret ");
        var td = new ScriptedTdLib();
        var login = login(td, term, false);
        td.answer = r -> switch (r.path("@type").asText()) {
            case "setAuthenticationPhoneNumber" -> {
                if (r.path("phone_number").asText().equals("12")) yield error(400, "PHONE_NUMBER_INVALID");
                td.authState("{\"@type\":\"authorizationStateWaitCode\",\"code_info\":{\"@type\":\"authenticationCodeInfo\","
                        + "\"phone_number\":\"+447700900123\",\"type\":{\"@type\":\"authenticationCodeTypeSms\",\"length\":5},"
                        + "\"next_type\":{\"@type\":\"authenticationCodeTypeCall\",\"length\":5},\"timeout\":60}}");
                yield ok();
            }
            case "checkAuthenticationCode" -> {
                if (r.path("code").asText().equals("11111")) yield error(400, "PHONE_CODE_INVALID");
                td.authState("{\"@type\":\"authorizationStateWaitPassword\",\"password_hint\":\"cat's name\","
                        + "\"has_recovery_email_address\":false,\"has_passport_data\":false,\"recovery_email_address_pattern\":\"\"}");
                yield ok();
            }
            case "checkAuthenticationPassword" -> {
                if (r.path("password").asText().equals("wrong")) yield error(400, "PASSWORD_HASH_INVALID");
                td.authState0("authorizationStateReady");
                yield ok();
            }
            case "getMe" -> CompletableFuture.completedFuture(node(ME));
            default -> ok();
        };
        td.authState0("authorizationStateWaitTdlibParameters");
        td.authState0("authorizationStateWaitPhoneNumber");

        assertThat(login.run(td)).isEqualTo(TdLogin.Result.LOGGED_IN);
        assertThat(term.transcript).containsExactly(
                "? Phone number of line 'x' (with country code, e.g. +44 7700 900123): ",
                "Telegram does not accept that phone number; type it with its country code, e.g. +44 7700 900123",
                "? Phone number of line 'x' (with country code, e.g. +44 7700 900123): ",
                "Telegram sent a login code by SMS to +447700900123.",
                "(Press Enter without a code to have it sent by a phone call to +447700900123 instead.)",
                "? Code: ",
                "that code is not right; type the code Telegram sent",
                "? Code: ",
                "This account has a two-step verification password (hint: cat's name).",
                "?hidden Password: ",
                "wrong password",
                "?hidden Password: ",
                "Logged in as Alice Liddell (@alice, +447700900123). Line 'x' keeps its session in its data directory.");
        assertThat(td.types()).containsExactly("setAuthenticationPhoneNumber", "setAuthenticationPhoneNumber",
                "checkAuthenticationCode", "checkAuthenticationCode", "checkAuthenticationPassword", "checkAuthenticationPassword", "getMe");
        assertThat(td.requests.get(1).path("phone_number").asText()).isEqualTo("+44 7700 900123");
        assertThat(td.requests.get(5).path("password").asText()).as("a password goes as typed").isEqualTo(" secret ");
    }

    @Test
    void anEmptyCodeAsksForTheNextWayOfSendingIt() {
        var term = new ScriptedTerminal("", "33333");
        var td = new ScriptedTdLib();
        var login = login(td, term, false);
        td.answer = r -> {
            switch (r.path("@type").asText()) {
                case "resendAuthenticationCode" -> td.authState("{\"@type\":\"authorizationStateWaitCode\",\"code_info\":{"
                        + "\"phone_number\":\"447700900123\",\"type\":{\"@type\":\"authenticationCodeTypeCall\",\"length\":5},\"timeout\":0}}");
                case "checkAuthenticationCode" -> td.authState0("authorizationStateReady");
                case "getMe" -> {
                    return CompletableFuture.completedFuture(node(ME));
                }
                default -> { }
            }
            return ok();
        };
        td.authState("{\"@type\":\"authorizationStateWaitCode\",\"code_info\":{\"phone_number\":\"447700900123\","
                + "\"type\":{\"@type\":\"authenticationCodeTypeTelegramMessage\",\"length\":5},"
                + "\"next_type\":{\"@type\":\"authenticationCodeTypeSms\",\"length\":5},\"timeout\":60}}");

        assertThat(login.run(td)).isEqualTo(TdLogin.Result.LOGGED_IN);
        assertThat(term.transcript).startsWith(
                "Telegram sent a login code in Telegram, as a message on your other logged-in devices.",
                "(Press Enter without a code to have it sent by SMS to +447700900123 instead.)",
                "? Code: ",
                "Telegram sent a login code by a phone call to +447700900123.",
                "? Code: ");
        assertThat(td.types()).containsExactly("resendAuthenticationCode", "checkAuthenticationCode", "getMe");
        assertThat(td.requests.get(0).path("reason").path("@type").asText()).isEqualTo("resendCodeReasonUserRequest");
    }

    @Test
    void floodWaitIsSaidInMinutesAndTheQuestionRepeated() {
        var term = new ScriptedTerminal("+447700900123", "+447700900123");
        var td = new ScriptedTdLib();
        var login = login(td, term, false);
        int[] calls = {0};
        td.answer = r -> {
            if (r.path("@type").asText().equals("setAuthenticationPhoneNumber") && calls[0]++ == 0) return error(429, "Too Many Requests: retry after 300");
            if (r.path("@type").asText().equals("setAuthenticationPhoneNumber")) return error(420, "FLOOD_WAIT_45");
            return ok();
        };
        td.authState0("authorizationStateWaitPhoneNumber");

        assertThat(login.run(td)).isEqualTo(TdLogin.Result.INPUT_ENDED);
        assertThat(term.transcript).containsSubsequence(
                "too many attempts: Telegram asks to wait 5 minutes before trying again",
                "too many attempts: Telegram asks to wait 45 seconds before trying again",
                "No more input; login stopped.");
    }

    @Test
    void aLineAlreadyLoggedInSaysSoAndAsksNothing() {
        var term = new ScriptedTerminal();
        var td = new ScriptedTdLib();
        var login = login(td, term, true);
        td.answer = r -> r.path("@type").asText().equals("getMe") ? CompletableFuture.completedFuture(node(ME)) : ok();
        td.authState0("authorizationStateWaitTdlibParameters");
        td.authState0("authorizationStateReady");

        assertThat(login.run(td)).isEqualTo(TdLogin.Result.ALREADY_LOGGED_IN);
        assertThat(term.transcript).containsExactly("Line 'x' is already logged in as Alice Liddell (@alice, +447700900123).");
        assertThat(td.types()).containsExactly("getMe");
    }

    @Test
    void anUnknownPhoneNumberIsToldToSignUpInAnApp() {
        var term = new ScriptedTerminal("+447700900999");
        var td = new ScriptedTdLib();
        var login = login(td, term, false);
        td.answer = r -> {
            if (r.path("@type").asText().equals("setAuthenticationPhoneNumber")) {
                td.authState("{\"@type\":\"authorizationStateWaitRegistration\",\"terms_of_service\":{\"@type\":\"termsOfService\"}}");
            }
            return ok();
        };
        td.authState0("authorizationStateWaitPhoneNumber");

        TdLogin.Result r = login.run(td);
        assertThat(r).isEqualTo(TdLogin.Result.SIGN_UP_NEEDED);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(term.transcript).last().isEqualTo(
                "This phone number has no Telegram account; sign up in a Telegram app first, then run tgari login again.");
    }

    @Test
    void qrCodeIsDrawnAndRedrawnWhenTheLinkChangesThenThe2faPasswordIsAsked() {
        var term = new ScriptedTerminal("secret");
        var td = new ScriptedTdLib();
        var login = login(td, term, true);
        td.answer = r -> switch (r.path("@type").asText()) {
            case "requestQrCodeAuthentication" -> {
                td.authState("{\"@type\":\"authorizationStateWaitOtherDeviceConfirmation\",\"link\":\"tg://login?token=AAA\"}");
                td.authState("{\"@type\":\"authorizationStateWaitOtherDeviceConfirmation\",\"link\":\"tg://login?token=AAA\"}");
                td.authState("{\"@type\":\"authorizationStateWaitOtherDeviceConfirmation\",\"link\":\"tg://login?token=BBB\"}");
                td.authState("{\"@type\":\"authorizationStateWaitPassword\",\"password_hint\":\"\"}");
                yield ok();
            }
            case "checkAuthenticationPassword" -> {
                td.authState0("authorizationStateReady");
                yield ok();
            }
            case "getMe" -> CompletableFuture.completedFuture(node(ME));
            default -> ok();
        };
        td.authState0("authorizationStateWaitPhoneNumber");

        assertThat(login.run(td)).isEqualTo(TdLogin.Result.LOGGED_IN);
        assertThat(term.qrCodes).containsExactly("tg://login?token=AAA", "tg://login?token=BBB");
        assertThat(term.transcript).containsSubsequence("[QR tg://login?token=AAA]", "The code expired; here is a new one:",
                "[QR tg://login?token=BBB]", "This account has a two-step verification password.", "?hidden Password: ",
                "Logged in as Alice Liddell (@alice, +447700900123). Line 'x' keeps its session in its data directory.");
        assertThat(td.requests.getFirst().path("other_user_ids").isArray()).isTrue();
    }

    @Test
    void withoutNetworkItSaysWhyItWaitsAndStopsWhenCancelled() throws Exception {
        var term = new ScriptedTerminal();
        var td = new ScriptedTdLib();
        var login = login(td, term, true);
        td.answer = r -> new CompletableFuture<>(); // TDLib cannot answer without a network
        td.authState0("authorizationStateWaitPhoneNumber");
        login.onUpdate(node("{\"@type\":\"updateConnectionState\",\"state\":{\"@type\":\"connectionStateWaitingForNetwork\"}}"));
        try (var pool = Executors.newSingleThreadExecutor()) {
            var result = pool.submit(() -> login.run(td));
            await(() -> term.transcript.contains("waiting for Telegram (no network)..."));
            login.onUpdate(node("{\"@type\":\"updateConnectionState\",\"state\":{\"@type\":\"connectionStateConnecting\"}}"));
            await(() -> term.transcript.contains("waiting for Telegram (connecting)..."));
            login.cancel();
            assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo(TdLogin.Result.CANCELLED);
        }
        // each state said once, however long it lasted
        assertThat(term.transcript).containsExactly("Asking Telegram for a QR code...", "waiting for Telegram (no network)...",
                "waiting for Telegram (connecting)...");
        assertThat(TdLogin.Result.CANCELLED.exitCode()).isEqualTo(130);
    }

    @Test
    void aQrRequestTdLibRefusesEndsTheLoginInPlainWords() {
        var term = new ScriptedTerminal();
        var td = new ScriptedTdLib();
        var login = login(td, term, true);
        td.answer = r -> error(420, "FLOOD_WAIT_7200");
        td.authState0("authorizationStateWaitPhoneNumber");

        assertThat(login.run(td)).isEqualTo(TdLogin.Result.FAILED);
        assertThat(term.transcript).last().isEqualTo("could not get a QR code: too many attempts: Telegram asks to wait 2 hours before trying again");
    }

    @Test
    void aClosedClientStopsTheLogin() {
        var term = new ScriptedTerminal();
        var td = new ScriptedTdLib();
        var login = login(td, term, false);
        td.authState0("authorizationStateClosed");
        assertThat(login.run(td)).isEqualTo(TdLogin.Result.FAILED);
        assertThat(term.transcript).containsExactly("TDLib closed line 'x' (Closed); login stopped.");
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 10 s");
            Thread.onSpinWait();
            Thread.sleep(5); // polling interval, not synchronisation: the condition decides
        }
    }
}
