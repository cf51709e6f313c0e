package org.tgari.telegram.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
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

/** Simulated users calling and writing to the line, over the real engine and reflector simulator. */
class SimulatedTelegramInboundTest {

    private Vertx vertx;
    private SimulatedTelegram sim;
    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final CompletableFuture<VoiceChannel> accepted = new CompletableFuture<>();
    private final CompletableFuture<CallOutcome> ended = new CompletableFuture<>();

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        sim = new SimulatedTelegram(vertx, Duration.ofMillis(10));
        sim.start().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        sim.setInboundHandler(new InboundHandler() {
            @Override
            public CallListener incomingCall(IncomingCall call) {
                call.answer();
                return new CallListener() {
                    @Override public void ringing() { }
                    @Override public void accepted(VoiceChannel voice) { accepted.complete(voice); }
                    @Override public void ended(CallOutcome outcome, String detail) { ended.complete(outcome); }
                };
            }

            @Override
            public void textMessage(TelegramUser from, String text) {
                texts.add(from.displayName() + ": " + text);
            }
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        sim.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void toneCallsTheLineAndIsHeardOnceAnswered() throws Exception {
        var call = sim.ringLine(1002);
        VoiceChannel voice = accepted.get(10, TimeUnit.SECONDS);
        CountDownLatch heard = new CountDownLatch(25);
        voice.start((seq, ts, buf, off, len) -> heard.countDown());
        assertThat(heard.await(10, TimeUnit.SECONDS)).as("the tone's packets arrive").isTrue();
        call.hangup();
        assertThat(ended.get(5, TimeUnit.SECONDS)).isEqualTo(CallOutcome.ANSWERED);
        assertThat(sim.activeCalls()).isZero();
    }

    @Test
    void aCallAnsweredBeforeTheHandlerReturnedIsConnectedAndHeardOf() throws Exception {
        CompletableFuture<VoiceChannel> late = new CompletableFuture<>();
        sim.setInboundHandler(new InboundHandler() {
            @Override
            public CallListener incomingCall(IncomingCall call) {
                // as an ask-mode line does from another thread: answer, and only then return the listener
                call.answer();
                // Before the fix the simulated user connected meanwhile, found no listener and hung up unheard
                // (activeCalls dropped to 0 within milliseconds); a second is ample for that to show.
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                while (sim.activeCalls() > 0 && System.nanoTime() < until) Thread.onSpinWait();
                return new CallListener() {
                    @Override public void ringing() { }
                    @Override public void accepted(VoiceChannel voice) { late.complete(voice); }
                    @Override public void ended(CallOutcome outcome, String detail) { ended.complete(outcome); }
                };
            }

            @Override
            public void textMessage(TelegramUser from, String text) { }
        });
        var call = sim.ringLine(1001);
        VoiceChannel voice = late.get(10, TimeUnit.SECONDS);
        assertThat(sim.activeCalls()).isEqualTo(1);
        call.hangup();
        assertThat(ended.get(5, TimeUnit.SECONDS)).isEqualTo(CallOutcome.ANSWERED);
        voice.close();
    }

    @Test
    void echoCountsTheFramesItHearsThatAreNotSilence() throws Exception {
        var call = sim.ringLine(1001);
        VoiceChannel voice = accepted.get(10, TimeUnit.SECONDS);
        voice.mediaUp().get(10, TimeUnit.SECONDS);
        voice.start((seq, ts, buf, off, len) -> { });
        var encoder = new org.tgari.media.codec.OpusFrameEncoder(16000, org.tgari.media.codec.OpusSettings.defaults());
        short[] pcm = new short[320];
        byte[] opus = new byte[1275];
        // silence first: nothing loud is heard
        long silent = vertx.setPeriodic(20, t -> {
            int n = encoder.encode(pcm, 0, opus, 0, opus.length);
            if (n > 0) voice.sendOpus(opus, 0, n, 960);
        });
        Thread.sleep(500);
        vertx.cancelTimer(silent);
        assertThat(sim.loudFramesHeard(1001)).isZero();
        var tone = new org.tgari.media.audio.ToneGenerator(16000, 1000, -20);
        short[] loud = new short[320];
        vertx.setPeriodic(20, t -> {
            tone.next(loud, 0, loud.length);
            int n = encoder.encode(loud, 0, opus, 0, opus.length);
            if (n > 0) voice.sendOpus(opus, 0, n, 960);
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sim.loudFramesHeard(1001) < 25 && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(sim.loudFramesHeard(1001)).as("half a second of the tone heard").isGreaterThanOrEqualTo(25);
        call.hangup();
    }

    @Test
    void echoWritesBackWhatItIsSent() throws Exception {
        sim.sendText(new TelegramUser(1001, "@echo"), "ping").get(5, TimeUnit.SECONDS);
        assertThat(texts.poll(5, TimeUnit.SECONDS)).isEqualTo("@echo: ping");
    }

    @Test
    void theTextsTheLineSendsAreKeptPerUserAndBounded() throws Exception {
        sim.sendText(new TelegramUser(1002, "@tone"), "a").get(5, TimeUnit.SECONDS);
        sim.sendText(new TelegramUser(1002, "@tone"), "b").get(5, TimeUnit.SECONDS);
        assertThat(sim.inboxes().of(1002)).containsExactly("a", "b");
        assertThat(sim.inboxes().of(1003)).isEmpty();
        for (int i = 0; i < SimInboxes.PER_USER; i++) sim.sendText(new TelegramUser(1003, "@busy"), "m" + i).get(5, TimeUnit.SECONDS);
        sim.sendText(new TelegramUser(1003, "@busy"), "last").get(5, TimeUnit.SECONDS);
        assertThat(sim.inboxes().of(1003)).hasSize(SimInboxes.PER_USER).startsWith("m1").endsWith("last");
    }

    /** A call's DTMF reaches its peer as chat and the peer's digits come back as DTMF: an echo then would loop. */
    @Test
    void echoDoesNotWriteBackWhileInACallWithTheLine() throws Exception {
        var call = sim.ringLine(1001);
        accepted.get(10, TimeUnit.SECONDS);
        assertThat(sim.inCall(1001)).isTrue();
        sim.sendText(new TelegramUser(1001, "@echo"), "123").get(5, TimeUnit.SECONDS);
        call.hangup();
        ended.get(5, TimeUnit.SECONDS);
        assertThat(sim.inCall(1001)).isFalse();
        sim.sendText(new TelegramUser(1001, "@echo"), "after").get(5, TimeUnit.SECONDS);
        // echoes arrive in the order they were sent, so an echo of "123" would come first
        assertThat(texts.poll(5, TimeUnit.SECONDS)).isEqualTo("@echo: after");
        assertThat(sim.inboxes().of(1001)).containsExactly("123", "after");
    }

    /** A line that hangs up without answering: the caller reads a decline. */
    @Test
    void aCallerTheLineDoesNotAnswerSeesADecline() throws Exception {
        sim.setInboundHandler(new InboundHandler() {
            @Override
            public CallListener incomingCall(IncomingCall call) {
                call.hangup();
                return new CallListener() {
                    @Override public void ringing() { }
                    @Override public void accepted(VoiceChannel voice) { voice.close(); }
                    @Override public void ended(CallOutcome outcome, String detail) { }
                };
            }

            @Override
            public void textMessage(TelegramUser from, String text) { }
        });
        LineCaller call = sim.ringLine(1001);
        assertThat(call.ended().get(5, TimeUnit.SECONDS)).isEqualTo(CallOutcome.DECLINED);
        assertThat(sim.activeCalls()).isZero();
    }

    /** The caller giving up while it rings is a cancel for them too. */
    @Test
    void aCallerWhoGivesUpWhileItRingsSeesACancel() throws Exception {
        sim.setInboundHandler(new InboundHandler() {
            @Override
            public CallListener incomingCall(IncomingCall call) {
                return new CallListener() {
                    @Override public void ringing() { }
                    @Override public void accepted(VoiceChannel voice) { voice.close(); }
                    @Override public void ended(CallOutcome outcome, String detail) { ended.complete(outcome); }
                };
            }

            @Override
            public void textMessage(TelegramUser from, String text) { }
        });
        LineCaller call = sim.ringLine(1001);
        call.hangup();
        assertThat(call.ended().get(5, TimeUnit.SECONDS)).isEqualTo(CallOutcome.CANCELLED);
        assertThat(ended.get(5, TimeUnit.SECONDS)).as("the line hears the same").isEqualTo(CallOutcome.CANCELLED);
    }
}
