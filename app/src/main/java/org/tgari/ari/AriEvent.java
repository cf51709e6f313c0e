package org.tgari.ari;

import java.util.List;
import java.util.Map;

/** The ARI events tgari acts on; everything else arrives as {@link Other}. */
public sealed interface AriEvent {

    /** The channel the event is about, or null. */
    String channelId();

    /**
     * A channel entered our Stasis application with the dialplan's arguments; {@code callerNumber} and
     * {@code callerName} are its {@code CALLERID(num)} and {@code CALLERID(name)} as Asterisk has them (raw).
     */
    record StasisStart(String channelId, String channelName, List<String> args, String callerNumber,
                       Map<String, String> channelVars, String callerName) implements AriEvent {
        public StasisStart {
            callerName = callerName == null ? "" : callerName;
        }

        /** A channel without a caller name. */
        public StasisStart(String channelId, String channelName, List<String> args, String callerNumber, Map<String, String> channelVars) {
            this(channelId, channelName, args, callerNumber, channelVars, "");
        }
    }

    record StasisEnd(String channelId) implements AriEvent {}

    record ChannelHangupRequest(String channelId, int cause) implements AriEvent {}

    record ChannelDestroyed(String channelId, int cause, String causeText) implements AriEvent {}

    record ChannelStateChange(String channelId, String state) implements AriEvent {}

    record ChannelDtmfReceived(String channelId, String digit, int durationMs) implements AriEvent {}

    /**
     * A playback ended ({@code done}), was stopped, or failed. {@link #channelId()} is the channel or bridge
     * it played on (from its {@code target_uri}), so the call that owns that resource hears it.
     */
    record PlaybackFinished(String playbackId, String targetUri, String state) implements AriEvent {
        @Override
        public String channelId() {
            int colon = targetUri.indexOf(':');
            return colon < 0 ? null : targetUri.substring(colon + 1);
        }
    }

    /**
     * A user event sent to our application ({@code POST /events/user/{name}?application=...}): tgari's own
     * reconciliation barrier and ownership probe.
     */
    record UserEvent(String name, String application, Map<String, String> variables) implements AriEvent {
        @Override
        public String channelId() {
            return null;
        }
    }

    /** Another websocket registered our application name: Asterisk sends it there from now on. */
    record ApplicationReplaced(String application) implements AriEvent {
        @Override
        public String channelId() {
            return null;
        }
    }

    record Other(String type, String channelId) implements AriEvent {}
}
