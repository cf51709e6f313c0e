package org.tgari.telegram;

import org.slf4j.LoggerFactory;
import org.tgari.routing.CallOutcome;

/** What a line hands the gateway unasked: incoming calls and private text messages. Called on any thread. */
public interface InboundHandler {

    /**
     * A call arrives. Returns the listener that hears how it goes: {@code accepted} after
     * {@link IncomingCall#answer}, or {@code ended} (also when the caller gives up while it rings).
     */
    CallListener incomingCall(IncomingCall call);

    /** A private text message from {@code from}. */
    void textMessage(TelegramUser from, String text);

    /** Until the gateway says otherwise: calls are declined, messages logged. */
    InboundHandler DECLINE_ALL = new InboundHandler() {
        @Override
        public CallListener incomingCall(IncomingCall call) {
            LoggerFactory.getLogger(InboundHandler.class).info("incoming Telegram call from {} declined: nothing routes incoming calls",
                    call.caller());
            call.hangup();
            return new CallListener() {
                @Override public void ringing() { }
                @Override public void accepted(org.tgari.telegram.VoiceChannel voice) { voice.close(); }
                @Override public void ended(CallOutcome outcome, String detail) { }
            };
        }

        @Override
        public void textMessage(TelegramUser from, String text) {
            LoggerFactory.getLogger(InboundHandler.class).info("Telegram message from {} ({} characters) not handled", from, text.length());
        }
    };
}
