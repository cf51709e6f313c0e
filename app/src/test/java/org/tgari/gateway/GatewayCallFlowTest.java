package org.tgari.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tgari.ari.AriEvent;
import org.tgari.config.ConfigLoader;
import org.tgari.config.GatewayConfig;
import org.tgari.telegram.sim.SimulatedTelegram;

/** The call state machine against a scripted ARI and the simulated Telegram network, without Asterisk. */
class GatewayCallFlowTest {

    private Vertx vertx;
    private FakeAriClient ari;
    private SimulatedTelegram telegram;
    private Gateway gateway;
    private SimpleMeterRegistry registry;
    private DatagramSocket fakeAsteriskRtp;

    @BeforeEach
    void setUp(org.junit.jupiter.api.TestInfo test) throws Exception {
        // Only the no-answer test wants the timer to fire; elsewhere a loaded machine must not make it race the test.
        String noAnswerTimeout = test.getTestMethod().orElseThrow().getName().startsWith("noAnswer") ? "300ms" : "60s";
        vertx = Vertx.vertx();
        ari = new FakeAriClient();
        fakeAsteriskRtp = vertx.createDatagramSocket().listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        ari.rtpPort = fakeAsteriskRtp.localAddress().port();
        GatewayConfig config = ConfigLoader.fromMap(Map.of("media.transport", "rtp", "calls.no-answer-timeout", noAnswerTimeout,
                "telegram.sim.ring-delay", "10ms"));
        telegram = new SimulatedTelegram(vertx, config.telegram().sim().ringDelay());
        telegram.start().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        registry = new SimpleMeterRegistry();
        contexts = ContextPool.create(vertx, 2).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        gateway = new Gateway(vertx, ari, telegram, config, new GatewayMetrics(registry), contexts);
    }

    private ContextPool contexts;

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private void stasisStart(String channel, String... args) {
        gateway.event(new AriEvent.StasisStart(channel, "PJSIP/tester-1", List.of(args), "tester", Map.of()));
    }

    private double outcomes(String tag) {
        var c = registry.find("tgari.calls").tag("outcome", tag).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void echoCallRingsThenAnswersOnlyAfterTelegramAccepts() throws Exception {
        stasisStart("sip1", "dial", "@echo");
        assertThat(ari.next()).isEqualTo("ring sip1");
        assertThat(ari.next()).isEqualTo("externalMedia tgari-em-1 udp ulaw");
        assertThat(ari.next()).isEqualTo("bridge tgari-br-1 mixing,dtmf_events");
        gateway.event(new AriEvent.StasisStart("tgari-em-1", "UnicastRTP/127.0.0.1", List.of(), "", Map.of()));
        assertThat(ari.next()).isEqualTo("add tgari-br-1 sip1,tgari-em-1");
        assertThat(ari.next()).isEqualTo("answer sip1");

        gateway.event(new AriEvent.StasisEnd("sip1"));
        assertThat(List.of(ari.next(), ari.next())).containsExactlyInAnyOrder("hangup tgari-em-1 16", "destroy tgari-br-1");
        awaitNoCalls();
        assertThat(outcomes("answered")).isEqualTo(1);
        assertThat(telegram.activeCalls()).isZero();
        assertThat(contexts.load()).as("the ended call gave its loop back").containsOnly(0);
        assertThat(ari.requests).noneMatch(r -> r.startsWith("hangup sip1"));
    }

    @Test
    void busyUserHangsTheUnansweredChannelUpWithCause17() throws Exception {
        stasisStart("sip2", "dial", "15550003");
        assertThat(ari.next()).isEqualTo("ring sip2");
        assertThat(ari.next()).isEqualTo("hangup sip2 17");
        awaitNoCalls();
        assertThat(outcomes("busy")).isEqualTo(1);
        assertThat(ari.requests).noneMatch(r -> r.startsWith("answer"));
    }

    @Test
    void unknownAndInvalidTargets() throws Exception {
        stasisStart("sip3", "dial", "@nobody");
        assertThat(ari.next()).isEqualTo("hangup sip3 1");
        stasisStart("sip4", "dial", "1-2");
        assertThat(ari.next()).isEqualTo("hangup sip4 28");
        stasisStart("sip5", "frobnicate");
        assertThat(ari.next()).isEqualTo("hangup sip5 28");
        awaitNoCalls();
        assertThat(outcomes("not_found")).isEqualTo(1);
        assertThat(outcomes("invalid_target")).isEqualTo(1);
    }

    @Test
    void noAnswerTimesOutWith480Cause() throws Exception {
        stasisStart("sip6", "dial", "*1004");
        assertThat(ari.next()).isEqualTo("ring sip6");
        assertThat(ari.next()).isEqualTo("hangup sip6 19");
        awaitNoCalls();
        assertThat(telegram.activeCalls()).isZero();
        assertThat(outcomes("no_answer")).isEqualTo(1);
    }

    @Test
    void callerHangingUpWhileRingingCancelsTheTelegramCall() throws Exception {
        stasisStart("sip7", "dial", "noanswer");
        assertThat(ari.next()).isEqualTo("ring sip7");
        gateway.event(new AriEvent.ChannelHangupRequest("sip7", 16));
        awaitNoCalls();
        assertThat(outcomes("cancelled")).isEqualTo(1);
        assertThat(telegram.activeCalls()).isZero();
        assertThat(ari.requests).containsExactly("ring sip7");
    }

    @Test
    void failedMediaSetupIsAnInternalErrorAndReleasesEverything() throws Exception {
        ari.failExternalMedia = true;
        stasisStart("sip8", "dial", "echo");
        assertThat(ari.next()).isEqualTo("ring sip8");
        assertThat(ari.next()).isEqualTo("externalMedia tgari-em-1 udp ulaw");
        assertThat(ari.next()).isEqualTo("hangup sip8 38");
        awaitNoCalls();
        assertThat(outcomes("internal_error")).isEqualTo(1);
        assertThat(telegram.activeCalls()).isZero();
    }

    @Test
    void ariLossEndsCallsInFlight() throws Exception {
        stasisStart("sip9", "dial", "noanswer");
        assertThat(ari.next()).isEqualTo("ring sip9");
        gateway.disconnected("test");
        assertThat(ari.next()).isEqualTo("hangup sip9 38");
        awaitNoCalls();
        assertThat(telegram.activeCalls()).isZero();
    }

    private void awaitNoCalls() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (gateway.activeCalls() != 0) {
            if (System.nanoTime() > deadline) throw new AssertionError("calls still active: " + gateway.describeCalls());
            Thread.sleep(10);
        }
    }
}
