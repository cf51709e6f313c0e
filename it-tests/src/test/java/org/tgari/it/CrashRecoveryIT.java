package org.tgari.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgari.it.harness.AsteriskInstance;
import org.tgari.it.harness.Asterisks;
import org.tgari.it.harness.CallResult;
import org.tgari.it.harness.SipPhone;

/**
 * tgari killed with SIGKILL mid-call: while it is gone new callers hear 503; the restarted process
 * releases the stranded caller and the dead one's bridge at once, and the next call works (no id clash).
 */
class CrashRecoveryIT {

    static AsteriskInstance asterisk;
    @TempDir static Path work;
    static Path mic;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        asterisk = Asterisks.start();
        mic = TestGateway.toneWav(work, "tone.wav", 900, -15, 30);
    }

    @AfterAll
    static void stop() {
        if (asterisk != null) asterisk.close();
    }

    private String ari(String path) throws Exception {
        String auth = Base64.getEncoder().encodeToString((asterisk.ariUser() + ":" + asterisk.ariPassword()).getBytes());
        return http.send(HttpRequest.newBuilder(URI.create(asterisk.ariBaseUrl() + "/ari" + path)).header("Authorization", "Basic " + auth)
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private boolean ariShows(String path, String what) {
        try {
            return ari(path).equals(what);
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void killedMidCallTheCallerIsReleasedOnRestartAndTheNextCallWorks() throws Exception {
        try (var phone = SipPhone.start(mic, work.resolve("stranded"))) {
            try (var first = TgariProcess.start(asterisk, work.resolve("first.log"), Map.of())) {
                first.awaitHealthy(Duration.ofSeconds(60));
                phone.dial("sip:600@127.0.0.1:" + asterisk.sipPort());
                assertThat(phone.awaitEstablishedOrClosed(Duration.ofSeconds(15))).isInstanceOf(CallResult.Established.class);
                TestGateway.await("the call bridged", Duration.ofSeconds(10), () -> {
                    try {
                        return ari("/bridges").contains("\"id\":\"tgari-");
                    } catch (Exception e) {
                        return false;
                    }
                });
                first.kill();
            }
            // What the crash leaves: the caller still Up in our bridge.
            assertThat(ari("/bridges")).contains("\"id\":\"tgari-");
            assertThat(ari("/channels")).contains("PJSIP/tester");

            try (var other = SipPhone.start(mic, work.resolve("meanwhile"))) {
                other.dial("sip:600@127.0.0.1:" + asterisk.sipPort());
                CallResult r = other.awaitEstablishedOrClosed(Duration.ofSeconds(15));
                assertThat(r).isInstanceOf(CallResult.Closed.class);
                assertThat(((CallResult.Closed) r).sipCode()).as("a call while no tgari runs: %s", r).isEqualTo(503);
            }

            try (var second = TgariProcess.start(asterisk, work.resolve("second.log"), Map.of())) {
                long started = System.nanoTime();
                second.awaitHealthy(Duration.ofSeconds(60));
                long healthy = System.nanoTime();
                CallResult end = phone.awaitClosed(Duration.ofSeconds(10));
                long closed = System.nanoTime();
                assertThat(end).as("the stranded call ends").isInstanceOf(CallResult.Closed.class);
                System.out.printf("stranded call ended %d ms after the restart began, %d ms after /health said UP%n",
                        (closed - started) / 1_000_000, (closed - healthy) / 1_000_000);
                assertThat(Duration.ofNanos(closed - healthy)).isLessThan(Duration.ofSeconds(5));
                TestGateway.await("no channel left", Duration.ofSeconds(10), () -> ariShows("/channels", "[]"));
                TestGateway.await("no bridge left", Duration.ofSeconds(10), () -> ariShows("/bridges", "[]"));

                try (var next = SipPhone.start(mic, work.resolve("next"))) {
                    next.dial("sip:600@127.0.0.1:" + asterisk.sipPort());
                    assertThat(next.awaitEstablishedOrClosed(Duration.ofSeconds(15))).as("the first call after the restart")
                            .isInstanceOf(CallResult.Established.class);
                    assertThat(ari("/bridges")).contains("\"id\":\"tgari-");
                    next.hangup();
                    assertThat(next.awaitClosed(Duration.ofSeconds(10))).isInstanceOf(CallResult.Closed.class);
                }
                TestGateway.await("the next call released", Duration.ofSeconds(10), () -> ariShows("/channels", "[]") && ariShows("/bridges", "[]"));
            }
        }
    }
}
