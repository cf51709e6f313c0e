package org.tgari.telegram.tdlib;

import org.tgari.voip.engine.CallParams;

/** A TDLib call's state as {@code updateCall} reports it (td_api {@code CallState}). */
public sealed interface TdCallState {

    /** Waiting for the other party: {@code created} once the server knows the call, {@code received} once it rings. */
    record Pending(boolean created, boolean received) implements TdCallState {}

    record ExchangingKeys() implements TdCallState {}

    /** Keys agreed: everything the media engine needs, plus the emoji fingerprint to show. */
    record Ready(CallParams params, java.util.List<String> emojis) implements TdCallState {}

    record HangingUp() implements TdCallState {}

    record Discarded(DiscardReason reason) implements TdCallState {}

    record Error(int code, String message) implements TdCallState {}

    /** Why a call was discarded ({@code CallDiscardReason}); unknown future reasons map to EMPTY. */
    enum DiscardReason { EMPTY, MISSED, DECLINED, DISCONNECTED, HUNG_UP, UPGRADE_TO_GROUP_CALL }
}
