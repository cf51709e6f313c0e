package org.tgari.ari;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The REST side of ARI that tgari uses: the port to Asterisk's call control. Futures complete on an
 * arbitrary thread; callers hop back to their own context.
 */
public interface AriClient extends AutoCloseable {

    CompletableFuture<AsteriskInfo> info();

    /** Sends ringing (180) to the caller without answering. */
    CompletableFuture<Void> ring(String channelId);

    CompletableFuture<Void> answer(String channelId);

    /** Hangs up with a Q.850 cause, which chan_pjsip turns into the SIP response; a gone channel is not an error. */
    CompletableFuture<Void> hangup(String channelId, int q850Cause);

    /** Creates a bridge named after the application, so that leftovers can be told from other apps' bridges. */
    CompletableFuture<Void> createBridge(String bridgeId, String type);

    CompletableFuture<Void> addToBridge(String bridgeId, List<String> channelIds);

    /** Destroys a bridge; a gone bridge is not an error. */
    CompletableFuture<Void> destroyBridge(String bridgeId);

    CompletableFuture<ExternalMediaChannel> externalMedia(ExternalMediaRequest request);

    /**
     * {@code POST /channels}: dials {@code request.endpoint()}; the channel is subscribed to the app at once
     * (its state changes and hang-up arrive as events) and enters Stasis when it answers.
     */
    CompletableFuture<Void> originate(OriginateRequest request);

    /**
     * Plays {@code media} (ARI media URIs such as {@code sound:vm-enter-num-to-call}, one after the other)
     * to a channel; {@link AriEvent.PlaybackFinished} with {@code playbackId} follows when it ends or is stopped.
     */
    CompletableFuture<Void> play(String channelId, String playbackId, List<String> media);

    /** Plays {@code media} into a bridge, heard by every channel in it; {@link AriEvent.PlaybackFinished} follows. */
    CompletableFuture<Void> playOnBridge(String bridgeId, String playbackId, List<String> media);

    /** Stops a playback; one that already finished is not an error. */
    CompletableFuture<Void> stopPlayback(String playbackId);

    /** Sends DTMF ({@code 0-9*#A-D}) to a channel, as RFC 4733 events on a SIP channel. */
    CompletableFuture<Void> sendDtmf(String channelId, String dtmf);

    CompletableFuture<List<String>> channelIds();

    /** {@code GET /bridges}: every bridge with the name it was created with. */
    CompletableFuture<List<BridgeSummary>> bridges();

    /** {@code GET /applications/{app}}: what the application is subscribed to; empty when Asterisk knows no such app. */
    CompletableFuture<java.util.Optional<Application>> application(String app);

    /** {@code POST /events/user/{name}?application=app}: an event Asterisk sends to that application's websocket. */
    CompletableFuture<Void> userEvent(String name, String app, java.util.Map<String, String> variables);

    @Override
    void close();

    /**
     * A Stasis application as Asterisk holds it. It stays listed after its websocket closed for as long as
     * channels or bridges are still subscribed (an inactive app), so being listed does not mean being served.
     */
    record Application(String name, List<String> channelIds, List<String> bridgeIds) {}

    record BridgeSummary(String id, String name) {}

    /** What GET /asterisk/info tells about the server. */
    record AsteriskInfo(String version) {}

    /**
     * One ExternalMedia channel to create: {@code externalHost} for RTP (host:port tgari listens on),
     * null for websocket server mode.
     */
    record ExternalMediaRequest(String app, String channelId, String transport, String encapsulation,
                                String connectionType, String externalHost, String format) {}

    /**
     * One channel to originate into {@code app} with {@code appArgs}: {@code callerId} in the form
     * {@code "name" <number>}, {@code variables} set on it before it dials, {@code timeoutSeconds} before
     * Asterisk gives up on the answer, {@code formats} the channel's format capabilities (e.g. {@code slin16,ulaw}).
     */
    record OriginateRequest(String channelId, String endpoint, String app, String appArgs, String callerId,
                            java.util.Map<String, String> variables, int timeoutSeconds, String formats) {
        public OriginateRequest {
            variables = java.util.Map.copyOf(variables);
        }
    }

    /** The created channel and the variables Asterisk reports for it (ports, connection id). */
    record ExternalMediaChannel(String id, java.util.Map<String, String> channelVars) {}
}
