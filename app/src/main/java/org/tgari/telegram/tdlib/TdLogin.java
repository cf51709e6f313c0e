package org.tgari.telegram.tdlib;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Logs a line in, interactively, by following TDLib's authorization states: phone number, code, 2FA
 * password; or with {@code qr}, a QR code scanned by a logged-in phone. Feed it the line's updates
 * through {@link #onUpdate} (any thread) and call {@link #run} on the thread that may block on the
 * terminal. The session itself is kept by TDLib in the line's (encrypted) database.
 */
public final class TdLogin {

    /** How a login ended, and the process exit status it stands for. */
    public enum Result {
        LOGGED_IN(0), ALREADY_LOGGED_IN(0), SIGN_UP_NEEDED(1), INPUT_ENDED(1), FAILED(1), CANCELLED(130);

        private final int exitCode;

        Result(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private sealed interface Event {
        record AuthState(JsonNode state) implements Event {}

        record Fatal(String words) implements Event {}

        record Cancelled() implements Event {}
    }

    private final String lineName;
    private final boolean qr;
    private final LoginTerminal terminal;
    private final Duration patience;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile String connection;
    private volatile boolean cancelled;
    private String lastWaitingNotice;
    private boolean actedOn;
    private boolean qrRequested;
    private String shownLink;

    /**
     * @param patience how long to wait for TDLib before saying that tgari waits, and why
     *                 (from its connection state)
     */
    public TdLogin(String lineName, boolean qr, LoginTerminal terminal, Duration patience) {
        this.lineName = lineName;
        this.qr = qr;
        this.terminal = terminal;
        this.patience = patience;
    }

    /** Every update of the line's TDLib client; only authorization and connection states matter here. */
    public void onUpdate(JsonNode u) {
        switch (u.path("@type").asText()) {
            case "updateAuthorizationState" -> events.add(new Event.AuthState(u.path("authorization_state")));
            case "updateConnectionState" -> connection = u.path("state").path("@type").asText();
            default -> { }
        }
    }

    /** Stops the login (Ctrl-C): {@link #run} returns CANCELLED and nothing more is printed. */
    public void cancel() {
        cancelled = true;
        events.add(new Event.Cancelled());
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Runs the login to its end. */
    public Result run(TdSession td) {
        try {
            while (true) {
                Event e = events.poll(patience.toMillis(), TimeUnit.MILLISECONDS);
                if (cancelled) return Result.CANCELLED;
                if (e == null) {
                    sayWaiting();
                    continue;
                }
                Result r = switch (e) {
                    case Event.Cancelled c -> Result.CANCELLED;
                    case Event.Fatal f -> {
                        say(f.words());
                        yield Result.FAILED;
                    }
                    case Event.AuthState s -> step(td, s.state());
                };
                if (r != null) return r;
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return Result.CANCELLED;
        }
    }

    /** Acts on one authorization state; a result ends the login, null waits for the next state. */
    private Result step(TdSession td, JsonNode state) throws InterruptedException {
        String type = state.path("@type").asText();
        return switch (type) {
            case "authorizationStateWaitTdlibParameters" -> null; // the line sets them
            case "authorizationStateWaitPhoneNumber" -> qr ? requestQrCode(td) : phoneNumber(td);
            case "authorizationStateWaitEmailAddress" -> untilAccepted(td, () -> terminal.ask("Email address for Telegram's login codes: "),
                    email -> td.request("setAuthenticationEmailAddress").put("email_address", email.strip()));
            case "authorizationStateWaitEmailCode" -> {
                say("Telegram emailed a login code to " + state.path("code_info").path("email_address_pattern").asText() + ".");
                yield untilAccepted(td, () -> terminal.ask("Code from the email: "), code -> {
                    ObjectNode check = td.request("checkAuthenticationEmailCode");
                    check.set("code", td.request("emailAddressAuthenticationCode").put("code", code.strip()));
                    return check;
                });
            }
            case "authorizationStateWaitCode" -> code(td, state.path("code_info"));
            case "authorizationStateWaitPassword" -> {
                String hint = state.path("password_hint").asText("");
                say("This account has a two-step verification password" + (hint.isEmpty() ? "." : " (hint: " + hint + ")."));
                yield untilAccepted(td, () -> terminal.askHidden("Password: "),
                        password -> td.request("checkAuthenticationPassword").put("password", password));
            }
            case "authorizationStateWaitOtherDeviceConfirmation" -> {
                showQrCode(state.path("link").asText());
                yield null;
            }
            case "authorizationStateWaitRegistration" -> {
                say("This phone number has no Telegram account; sign up in a Telegram app first, then run tgari login again.");
                yield Result.SIGN_UP_NEEDED;
            }
            case "authorizationStateReady" -> ready(td);
            case "authorizationStateLoggingOut", "authorizationStateClosing", "authorizationStateClosed" -> {
                say("TDLib closed line '" + lineName + "' (" + type.replace("authorizationState", "") + "); login stopped.");
                yield Result.FAILED;
            }
            default -> {
                say("TDLib is in a state tgari does not know (" + type + "); login stopped.");
                yield Result.FAILED;
            }
        };
    }

    private Result requestQrCode(TdSession td) {
        actedOn = true;
        if (qrRequested) return null;
        qrRequested = true;
        var request = td.request("requestQrCodeAuthentication");
        request.putArray("other_user_ids");
        // without a network the answer can take forever: the loop keeps saying that it waits meanwhile
        td.send(request).whenComplete((ok, err) -> {
            if (err != null) events.add(new Event.Fatal("could not get a QR code: " + words(err)));
        });
        say("Asking Telegram for a QR code...");
        return null;
    }

    private void showQrCode(String link) {
        actedOn = true;
        if (link.equals(shownLink)) return;
        if (shownLink != null) say("The code expired; here is a new one:");
        shownLink = link;
        terminal.showQrCode(link);
        say("Scan it with Telegram on your phone: Settings > Devices > Link Desktop Device. Ctrl-C to give up.");
    }

    private Result phoneNumber(TdSession td) throws InterruptedException {
        return untilAccepted(td, () -> terminal.ask("Phone number of line '" + lineName + "' (with country code, e.g. +44 7700 900123): "),
                phone -> {
                    ObjectNode set = td.request("setAuthenticationPhoneNumber").put("phone_number", phone.strip());
                    set.set("settings", td.request("phoneNumberAuthenticationSettings"));
                    return set;
                });
    }

    private Result code(TdSession td, JsonNode info) throws InterruptedException {
        String phone = info.path("phone_number").asText("");
        phone = phone.isEmpty() || phone.startsWith("+") ? phone : "+" + phone;
        say("Telegram sent a login code " + LoginWords.codeSent(info.path("type"), phone) + ".");
        JsonNode next = info.path("next_type");
        boolean canResend = next.isObject() && next.has("@type");
        if (canResend) say("(Press Enter without a code to have it sent " + LoginWords.codeSent(next, phone) + " instead.)");
        return untilAccepted(td, () -> terminal.ask("Code: "), typed -> {
            String code = typed.strip();
            if (code.isEmpty() && canResend) {
                ObjectNode resend = td.request("resendAuthenticationCode");
                resend.set("reason", td.request("resendCodeReasonUserRequest"));
                return resend;
            }
            return td.request("checkAuthenticationCode").put("code", code);
        });
    }

    private Result ready(TdSession td) throws InterruptedException {
        String who;
        try {
            who = " as " + LoginWords.user(await(td.send(td.request("getMe"))));
        } catch (ExecutionException e) {
            who = "";
        }
        if (cancelled) return Result.CANCELLED;
        if (!actedOn) {
            say("Line '" + lineName + "' is already logged in" + who + ".");
            return Result.ALREADY_LOGGED_IN;
        }
        say("Logged in" + who + ". Line '" + lineName + "' keeps its session in its data directory.");
        return Result.LOGGED_IN;
    }

    /**
     * Asks, sends what was typed (as typed: a password may begin or end with a space), and asks again while TDLib refuses it (the refusal in plain words),
     * unless TDLib has meanwhile moved on to another state. Null when accepted: the next state follows.
     */
    private Result untilAccepted(TdSession td, java.util.function.Supplier<String> ask, Function<String, ObjectNode> request)
            throws InterruptedException {
        actedOn = true;
        while (!cancelled) {
            String answer = ask.get();
            if (cancelled) return Result.CANCELLED;
            if (answer == null) {
                say("No more input; login stopped.");
                return Result.INPUT_ENDED;
            }
            try {
                await(td.send(request.apply(answer)));
                return null;
            } catch (ExecutionException e) {
                if (cancelled) return Result.CANCELLED;
                Throwable t = e.getCause();
                if (!(t instanceof TdError)) {
                    say("TDLib failed: " + t.getMessage());
                    return Result.FAILED;
                }
                say(words(t));
                if (!events.isEmpty()) return null; // a new state came meanwhile: that one is asked next
            }
        }
        return Result.CANCELLED;
    }

    /** Waits for an answer, saying now and then that (and why) it waits. */
    private JsonNode await(CompletableFuture<JsonNode> answer) throws InterruptedException, ExecutionException {
        while (true) {
            try {
                return answer.get(patience.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (cancelled) throw new ExecutionException(new IllegalStateException("cancelled"));
                sayWaiting();
            }
        }
    }

    private void sayWaiting() {
        if ("connectionStateReady".equals(connection)) {
            // connected: what is awaited now is the user (scanning), or an answer that is on its way
            lastWaitingNotice = null;
            return;
        }
        String words = LoginWords.connection(connection);
        if (words.equals(lastWaitingNotice)) return;
        lastWaitingNotice = words;
        say("waiting for Telegram (" + words + ")...");
    }

    private static String words(Throwable err) {
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        return t instanceof TdError e ? LoginWords.error(e) : String.valueOf(t.getMessage());
    }

    private void say(String text) {
        if (!cancelled) terminal.say(text);
    }
}
