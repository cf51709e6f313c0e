package org.tgari.gateway;

import org.tgari.routing.CallOutcome;
import org.tgari.telegram.OutgoingCall;
import org.tgari.telegram.VoiceChannel;

/** Where one SIP-to-Telegram call stands; each state carries what exists in it. */
sealed interface CallState {

    /** The IVR caller is answered and enters the number (prompts, digits, timeouts: {@link IvrEntry}). */
    record Collecting() implements CallState {}

    /** Looking the target up on Telegram. */
    record Resolving() implements CallState {}

    /** The Telegram user's phone rings; the SIP caller hears ringing and is not answered yet. */
    record Ringing(OutgoingCall telegram, long noAnswerTimer) implements CallState {}

    /** Telegram answered; ExternalMedia, bridge and answer are being set up. */
    record Connecting(OutgoingCall telegram, VoiceChannel voice) implements CallState {}

    /** Both sides talk; {@code dtmf} carries keypad presses across the gap. */
    record Connected(OutgoingCall telegram, VoiceChannel voice, long sinceNanos, DtmfRelay dtmf) implements CallState {}

    record Ended(CallOutcome outcome, String detail) implements CallState {}
}
