package org.tgari.gateway;

import io.vertx.core.Context;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.tgari.ari.AriEvent;
import org.tgari.logging.CallLog;

/**
 * What plays to one channel of a call, or into the bridge that holds it: at most one playback at a time,
 * each with an id of its own, so that the end of one that was stopped or replaced is told from the end of
 * the one playing now. Requests reach Asterisk in the order they were made (each waits for the answer to
 * the one before): ARI requests run on threads of their own, and a stop sent beside the play it stops
 * could arrive first and miss it. Runs on the call's context.
 */
final class ChannelPlayer {

    /** The ARI request that starts a playback on this player's channel or bridge. */
    @FunctionalInterface
    private interface Start {
        CompletableFuture<Void> play(String playbackId, List<String> media);
    }

    private final CallEnvironment env;
    private final CallLog log;
    private final Context context;
    private final String callId;
    private final String target;
    private final Start start;
    private int playbacks;
    private String current;
    private Runnable whenDone;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    /** Plays to {@code channelId} ({@code POST /channels/{id}/play}). */
    ChannelPlayer(CallEnvironment env, CallLog log, Context context, String callId, String channelId) {
        this(env, log, context, callId, channelId, (id, media) -> env.ari().play(channelId, id, media));
    }

    private ChannelPlayer(CallEnvironment env, CallLog log, Context context, String callId, String target, Start start) {
        this.env = env;
        this.log = log;
        this.context = context;
        this.callId = callId;
        this.target = target;
        this.start = start;
    }

    /** Plays into {@code bridgeId} ({@code POST /bridges/{id}/play}), heard by every channel in it. */
    static ChannelPlayer intoBridge(CallEnvironment env, CallLog log, Context context, String callId, String bridgeId) {
        return new ChannelPlayer(env, log, context, callId, bridgeId, (id, media) -> env.ari().playOnBridge(bridgeId, id, media));
    }

    /**
     * The ARI media URIs of configured prompts: {@code sound:<id>} for a sound file's id; a value that
     * names its scheme ({@code recording:hello}, {@code tone:ring}) is passed on as it is.
     */
    static List<String> sounds(List<String> prompts) {
        return prompts.stream().map(p -> p.indexOf(':') >= 0 ? p : "sound:" + p).toList();
    }

    /**
     * Stops what plays and plays {@code media} (ARI media URIs) in order; {@code whenDone} runs once it
     * finished by itself or could not start, not when it is stopped or replaced.
     */
    void play(List<String> media, Runnable whenDone) {
        stop();
        String id = env.ids().playback(callId, ++playbacks);
        current = id;
        this.whenDone = whenDone;
        CompletableFuture<Void> request = tail.thenCompose(v -> start.play(id, media));
        tail = settled(request);
        request.whenComplete((v, err) -> {
            if (err == null) return;
            context.runOnContext(x -> {
                log.info("could not play {} to {}: {}", media, target, err.getMessage());
                finished(id);
            });
        });
    }

    /** Stops what plays, if anything; completes once Asterisk answered every request so far (failed or not). */
    CompletableFuture<Void> stop() {
        String id = current;
        if (id == null) return tail;
        current = null;
        whenDone = null;
        tail = settled(tail.thenCompose(v -> env.ari().stopPlayback(id)).whenComplete((v, err) -> {
            if (err != null) log.debug("could not stop playback {}: {}", id, err.getMessage());
        }));
        return tail;
    }

    /** The id of what plays now, or null. */
    String playing() {
        return current;
    }

    /** A playback on the channel or bridge ended; returns false for events that are no playback's end. */
    boolean onEvent(AriEvent event) {
        if (!(event instanceof AriEvent.PlaybackFinished p)) return false;
        finished(p.playbackId());
        return true;
    }

    private void finished(String playbackId) {
        if (!playbackId.equals(current)) return;
        Runnable done = whenDone;
        current = null;
        whenDone = null;
        if (done != null) done.run();
    }

    private static CompletableFuture<Void> settled(CompletableFuture<Void> f) {
        return f.handle((v, t) -> null);
    }
}
