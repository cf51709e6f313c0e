package org.tgari.telegram.tdlib;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgari.config.ConfigLoader;

/** Opening a configured real line against the real libtdjson, offline. */
class TdLinesTest {

    @TempDir
    Path dir;

    @Test
    void withoutApiCredentialsTheLineSaysWhatToConfigure() {
        var cfg = ConfigLoader.fromMap(Map.of("telegram.mode", "tdlib", "telegram.api-id", "0", "telegram.api-hash", ""));
        var line = TdLines.open(cfg.telegram(), null, "127.0.0.1");
        assertThat(line.state().ready()).isFalse();
        assertThat(line.state().reason()).contains("no lines configured", "telegram.api-id", "TGARI_API_ID");
    }

    @Test
    void aConfiguredLineSetsItsParametersAndWaitsForLogin() throws Exception {
        Vertx vertx = Vertx.vertx();
        // dummy credentials: offline, TDLib never contacts Telegram with them
        var cfg = ConfigLoader.fromMap(Map.of("telegram.mode", "tdlib", "telegram.api-id", "1",
                "telegram.api-hash", "0123456789abcdef0123456789abcdef", "telegram.data-dir", dir.toString(), "telegram.line", "alice",
                "telegram.offline", "true"));
        var line = TdLines.open(cfg.telegram(), vertx, "127.0.0.1");
        try {
            var settled = ((TdLine) line).awaitSettled(java.time.Duration.ofSeconds(20));
            assertThat(settled.ready()).isFalse();
            assertThat(line.state().reason()).isEqualTo("line 'alice' is not logged in (WaitPhoneNumber): run tgari login alice");
            assertThat(dir.resolve("alice").resolve("tdlib.log")).exists();
            // what a line that is not logged in does, against the real TDLib (everything here needs no network)
            var lookup = (org.tgari.telegram.Lookup.Failed) line.lookup(org.tgari.routing.Target.parse("@durov")).get(5, TimeUnit.SECONDS);
            assertThat(lookup.outcome()).isEqualTo(org.tgari.routing.CallOutcome.TELEGRAM_UNAVAILABLE);
            assertThat(lookup.detail()).contains("tgari login alice");
            var text = line.sendText(new org.tgari.telegram.TelegramUser(1, "x"), "hi");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> text.get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(org.tgari.telegram.TelegramFailure.class);
        } finally {
            line.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("tdjson-receive"));
    }

    /** The login's requests as real TDLib parses them: offline they wait for a network (a malformed one would be refused at once). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void theLoginFlowFollowsARealClientAndWaitsForTheNetwork(boolean qr) throws Exception {
        var cfg = ConfigLoader.fromMap(Map.of("telegram.mode", "tdlib", "telegram.api-id", "1",
                "telegram.api-hash", "0123456789abcdef0123456789abcdef", "telegram.data-dir", dir.toString(), "telegram.line", "bob",
                "telegram.offline", "true", "telegram.database-key", "k"));
        var term = new TdLoginTest.ScriptedTerminal("+447700900123");
        var login = new TdLogin("bob", qr, term, java.time.Duration.ofMillis(300));
        var line = (TdLine) TdLines.open(cfg.telegram(), null, "127.0.0.1", login::onUpdate);
        try (var pool = java.util.concurrent.Executors.newSingleThreadExecutor()) {
            var result = pool.submit(() -> login.run(line.session()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!term.transcript.contains("waiting for Telegram (no network)...")) {
                assertThat(result.isDone()).as("login ended early: %s", term.transcript).isFalse();
                assertThat(System.nanoTime()).as("no waiting notice: %s", term.transcript).isLessThan(deadline);
                Thread.sleep(20); // poll interval; the transcript decides
            }
            login.cancel();
            assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(TdLogin.Result.CANCELLED);
        } finally {
            line.close();
        }
        // the waiting notices come after 300 ms without progress, which a loaded machine can reach before the first step
        assertThat(term.transcript.stream().filter(l -> !l.startsWith("waiting for Telegram")).toList()).startsWith(qr ? "Asking Telegram for a QR code..."
                : "? Phone number of line 'bob' (with country code, e.g. +44 7700 900123): ");
        assertThat(term.transcript).noneMatch(l -> l.contains("Telegram said") || l.contains("could not"));
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("tdjson-receive"));
    }
}
