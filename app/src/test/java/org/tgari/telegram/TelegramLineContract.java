package org.tgari.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tgari.routing.CallOutcome;
import org.tgari.routing.Target;

/**
 * What every logged-in {@link TelegramLine} does, whatever is behind it: the simulated network and a
 * TDLib line (against TDLib's JSON) run the same cases. The network-side stimuli (a user writes, a user
 * calls, the server confirms a message) come from the {@link Network} each implementation provides.
 */
public abstract class TelegramLineContract {

    /** The far side of the line, as a test drives it. */
    protected interface Network extends AutoCloseable {
        TelegramLine line();

        /** A target that names {@link #knownUser()}. */
        Target knownTarget();

        TelegramUser knownUser();

        /** A well-formed target that names nobody. */
        Target unknownTarget();

        /** {@code from} sends the line a private text. */
        void userWrites(TelegramUser from, String text);

        /** {@code from} calls the line. */
        void userCalls(TelegramUser from);

        /** Whether the network saw the line refuse the last call it offered. */
        boolean lastOfferedCallWasDeclined();

        /** The network's server confirms every message the line has queued. */
        void confirmQueuedMessages();

        @Override
        void close();
    }

    protected abstract Network network() throws Exception;

    private Network net;
    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final BlockingQueue<IncomingCall> calls = new LinkedBlockingQueue<>();

    @BeforeEach
    void openNetwork() throws Exception {
        net = network();
        net.line().setInboundHandler(new InboundHandler() {
            @Override
            public CallListener incomingCall(IncomingCall call) {
                calls.add(call);
                return new CallListener() {
                    @Override public void ringing() { }
                    @Override public void accepted(VoiceChannel voice) { voice.close(); }
                    @Override public void ended(CallOutcome outcome, String detail) { }
                };
            }

            @Override
            public void textMessage(TelegramUser from, String text) {
                texts.add(from.id() + ": " + text);
            }
        });
    }

    @AfterEach
    void closeNetwork() {
        net.close();
    }

    @Test
    void aLoggedInLineIsReady() {
        assertThat(net.line().state().ready()).isTrue();
        assertThat(net.line().name()).isNotBlank();
    }

    @Test
    void aKnownTargetResolvesToItsUser() throws Exception {
        Lookup l = net.line().lookup(net.knownTarget()).get(5, TimeUnit.SECONDS);
        assertThat(l).isInstanceOf(Lookup.Found.class);
        assertThat(((Lookup.Found) l).user().id()).isEqualTo(net.knownUser().id());
    }

    @Test
    void anUnknownTargetIsNotFound() throws Exception {
        Lookup l = net.line().lookup(net.unknownTarget()).get(5, TimeUnit.SECONDS);
        assertThat(l).isInstanceOfSatisfying(Lookup.Failed.class, f -> {
            assertThat(f.outcome()).isEqualTo(CallOutcome.NOT_FOUND);
            assertThat(f.detail()).isNotBlank();
        });
    }

    @Test
    void privateTextsReachTheHandlerWithTheirSender() throws Exception {
        net.userWrites(net.knownUser(), "123#");
        assertThat(texts.poll(5, TimeUnit.SECONDS)).isEqualTo(net.knownUser().id() + ": 123#");
    }

    @Test
    void aTextIsSentOnceTheNetworkConfirmsIt() throws Exception {
        CompletableFuture<Void> sent = net.line().sendText(net.knownUser(), "Incoming call from +4930123456");
        net.confirmQueuedMessages();
        sent.get(5, TimeUnit.SECONDS);
    }

    @Test
    void anOverlongTextIsRefusedWithAReason() {
        assertThatThrownBy(() -> net.line().sendText(net.knownUser(), "x".repeat(4097)).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(TelegramFailure.class).hasMessageContaining("4096");
    }

    @Test
    void anIncomingCallIsOfferedWithItsCallerAndCanBeDeclined() throws Exception {
        net.userCalls(net.knownUser());
        IncomingCall call = calls.poll(5, TimeUnit.SECONDS);
        assertThat(call).isNotNull();
        assertThat(call.caller().id()).isEqualTo(net.knownUser().id());
        call.hangup();
        call.hangup(); // idempotent
        assertThat(net.lastOfferedCallWasDeclined()).isTrue();
    }

    @Test
    void aClosedLineRefusesLookupsAndCallsWithTelegramUnavailable() throws Exception {
        net.line().close();
        assertThat(net.line().state().ready()).isFalse();
        Lookup l = net.line().lookup(net.knownTarget()).get(5, TimeUnit.SECONDS);
        assertThat(((Lookup.Failed) l).outcome()).isEqualTo(CallOutcome.TELEGRAM_UNAVAILABLE);
        var ended = new CompletableFuture<CallOutcome>();
        net.line().call(net.knownUser(), new CallListener() {
            @Override public void ringing() { }
            @Override public void accepted(VoiceChannel voice) { voice.close(); }
            @Override public void ended(CallOutcome outcome, String detail) { ended.complete(outcome); }
        });
        assertThat(ended.get(5, TimeUnit.SECONDS)).isEqualTo(CallOutcome.TELEGRAM_UNAVAILABLE);
    }
}
