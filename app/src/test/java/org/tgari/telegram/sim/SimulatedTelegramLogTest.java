package org.tgari.telegram.sim;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tgari.routing.CallOutcome;
import org.tgari.telegram.CallListener;
import org.tgari.telegram.InboundHandler;
import org.tgari.telegram.IncomingCall;
import org.tgari.telegram.TelegramUser;
import org.tgari.telegram.VoiceChannel;
import org.tgari.voip.log.LogCapture;

/** On the simulated network too, the gateway-side engine's lines carry the gateway's id for the call. */
class SimulatedTelegramLogTest {

    private Vertx vertx;
    private SimulatedTelegram sim;
    private LogCapture voip;
    private final CompletableFuture<IncomingCall> incoming = new CompletableFuture<>();
    private final CompletableFuture<VoiceChannel> accepted = new CompletableFuture<>();
    private final CompletableFuture<CallOutcome> ended = new CompletableFuture<>();

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        voip = LogCapture.of("org.tgari.voip");
        sim = new SimulatedTelegram(vertx, Duration.ofMillis(10));
        sim.start().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        sim.setInboundHandler(new InboundHandler() {
            @Override
            public CallListener incomingCall(IncomingCall call) {
                incoming.complete(call); // answered once the gateway has it, as the gateway does
                return new CallListener() {
                    @Override public String gatewayCallId() { return "5"; }
                    @Override public void ringing() { }
                    @Override public void accepted(VoiceChannel voice) { accepted.complete(voice); }
                    @Override public void ended(CallOutcome outcome, String detail) { ended.complete(outcome); }
                };
            }

            @Override
            public void textMessage(TelegramUser from, String text) { }
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        voip.close();
        sim.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void theGatewaySidesEngineLinesCarryTheCallsId() throws Exception {
        var call = sim.ringLine(1002);
        incoming.get(5, TimeUnit.SECONDS).answer();
        var heard = new CountDownLatch(5);
        accepted.get(10, TimeUnit.SECONDS).start((seq, ts, buf, off, len) -> heard.countDown());
        assertThat(heard.await(10, TimeUnit.SECONDS)).as("the media path is up").isTrue();
        call.hangup();
        assertThat(ended.get(5, TimeUnit.SECONDS)).isEqualTo(CallOutcome.ANSWERED);

        List<ILoggingEvent> ours = voip.lines().stream().filter(l -> l.getFormattedMessage().startsWith("call 5")).toList();
        assertThat(ours).extracting(ILoggingEvent::getFormattedMessage).anyMatch(m -> m.startsWith("call 5 media: connected"));
        assertThat(ours).allMatch(l -> LogCapture.fields(l).equals(Map.of("call", "5")));
        // the far end's engine is Telegram's side of the call, not ours: no fields of ours on its lines
        assertThat(voip.lines()).filteredOn(l -> !l.getFormattedMessage().startsWith("call 5")).allMatch(l -> LogCapture.fields(l).isEmpty());
    }

    @Test
    void theFarEndSaysWhatItSentAndHeardWhenItStops() throws Exception {
        try (var simLog = LogCapture.of("org.tgari.telegram.sim")) {
            var call = sim.ringLine(1001);
            incoming.get(5, TimeUnit.SECONDS).answer();
            var heard = new CountDownLatch(5);
            accepted.get(10, TimeUnit.SECONDS).start((seq, ts, buf, off, len) -> heard.countDown());
            assertThat(heard.await(10, TimeUnit.SECONDS)).as("the media path is up").isTrue();
            call.hangup();
            assertThat(ended.get(5, TimeUnit.SECONDS)).isEqualTo(CallOutcome.ANSWERED);

            // the line comes when the far end's verticle is undeployed, after the call ended
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            List<ILoggingEvent> stops;
            do {
                stops = simLog.lines().stream().filter(l -> l.getFormattedMessage().contains("simulated far end (ECHO) stops")).toList();
            } while (stops.isEmpty() && System.nanoTime() < deadline && pause());
            assertThat(stops).singleElement().satisfies(l -> {
                assertThat(l.getFormattedMessage()).startsWith("call 5: ").matches("call 5: simulated far end \\(ECHO\\) stops after [1-9][0-9]* frames \\(0 not encoded\\); its engine [0-9]+ in / [1-9][0-9]* out, "
                        + "0 failed SRTP, 0 foreign, [0-9]+ before SRTP; its playout .*");
                assertThat(LogCapture.fields(l)).isEqualTo(Map.of("call", "5"));
            });
        }
    }

    private static boolean pause() {
        try {
            Thread.sleep(20);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
