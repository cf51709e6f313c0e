package org.tgari.gateway;

import io.vertx.core.Context;
import java.util.List;
import org.tgari.ari.AriEvent;
import org.tgari.logging.CallLog;

/**
 * What plays to one channel of a call: at most one playback at a time, each with an id of its own, so
 * that the end of one that was stopped or replaced is told from the end of the one playing now. Runs on
 * the call's context.
 */
final class ChannelPlayer {

    private final CallEnvironment env;
    private final CallLog log;
    private final Context context;
    private final String callId;
    private final String channelId;
    private int playbacks;
    private String current;
    private Runnable whenDone;

    ChannelPlayer(CallEnvironment env, CallLog log, Context context, String callId, String channelId) {
        this.env = env;
        this.log = log;
        this.context = context;
        this.callId = callId;
        this.channelId = channelId;
    }

    /** {@code sound:<id>} for each prompt: the ARI media URIs of Asterisk sound files. */
    static List<String> sounds(List<String> prompts) {
        return prompts.stream().map(p -> "sound:" + p).toList();
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
        env.ari().play(channelId, id, media).whenComplete((v, err) -> {
            if (err == null) return;
            context.runOnContext(x -> {
                log.info("could not play {} to {}: {}", media, channelId, err.getMessage());
                finished(id);
            });
        });
    }

    /** Stops what plays, if anything. */
    void stop() {
        String id = current;
        if (id == null) return;
        current = null;
        whenDone = null;
        env.ari().stopPlayback(id).whenComplete((v, err) -> {
            if (err != null) log.debug("could not stop playback {}: {}", id, err.getMessage());
        });
    }

    /** A playback on the channel ended; returns false for events that are no playback's end. */
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
}
