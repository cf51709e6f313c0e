package org.tgari.ari;

import java.util.List;
import java.util.Map;

/** The ARI events tgari acts on; everything else arrives as {@link Other}. */
public sealed interface AriEvent {

    /** The channel the event is about, or null. */
    String channelId();

    /** A channel entered our Stasis application with the dialplan's arguments. */
    record StasisStart(String channelId, String channelName, List<String> args, String callerNumber,
                       Map<String, String> channelVars) implements AriEvent {}

    record StasisEnd(String channelId) implements AriEvent {}

    record ChannelHangupRequest(String channelId, int cause) implements AriEvent {}

    record ChannelDestroyed(String channelId, int cause, String causeText) implements AriEvent {}

    record ChannelStateChange(String channelId, String state) implements AriEvent {}

    record ChannelDtmfReceived(String channelId, String digit, int durationMs) implements AriEvent {}

    record Other(String type, String channelId) implements AriEvent {}
}
