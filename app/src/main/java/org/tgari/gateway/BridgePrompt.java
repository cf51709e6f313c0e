package org.tgari.gateway;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.tgari.ari.AriEvent;

/**
 * The prompts a call plays into its bridge (ask mode), one at a time: a new prompt stops the one playing,
 * and only the end of the one playing now is reported. Requests go to Asterisk strictly one after the
 * other, because ARI requests run on threads of their own: a stop sent beside the play it stops could
 * arrive first and miss it, and the SIP side must not join the bridge before the prompt stopped. Runs on
 * the call's context.
 */
final class BridgePrompt {

    private final String callId;
    private final String bridgeId;
    private final CallEnvironment env;
    private int played;
    private String playing;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    BridgePrompt(String callId, String bridgeId, CallEnvironment env) {
        this.callId = callId;
        this.bridgeId = bridgeId;
        this.env = env;
    }

    /** The ARI media URI of a configured sound: a bare name is a sound file, anything with a scheme is passed on. */
    static String mediaUri(String sound) {
        return sound.indexOf(':') >= 0 ? sound : "sound:" + sound;
    }

    /** Stops what plays and plays {@code sounds} in order; the future fails when Asterisk refused to play them. */
    CompletableFuture<Void> play(List<String> sounds) {
        stop();
        String id = env.ids().playback(callId, ++played);
        playing = id;
        List<String> media = sounds.stream().map(BridgePrompt::mediaUri).toList();
        CompletableFuture<Void> request = tail.thenCompose(v -> env.ari().playOnBridge(bridgeId, id, media));
        tail = settled(request);
        return request;
    }

    /** Stops the prompt playing, if any; completes once Asterisk answered (a prompt already over is no error). */
    CompletableFuture<Void> stop() {
        String id = playing;
        if (id == null) return tail;
        playing = null;
        tail = settled(tail.thenCompose(v -> env.ari().stopPlayback(id)));
        return tail;
    }

    /** Whether {@code event} is the end of the prompt playing now (then nothing plays any more). */
    boolean finished(AriEvent.PlaybackFinished event) {
        if (!event.playbackId().equals(playing)) return false;
        playing = null;
        return true;
    }

    /** The id of the prompt playing, or null: for logs and tests. */
    String playing() {
        return playing;
    }

    private static CompletableFuture<Void> settled(CompletableFuture<Void> f) {
        return f.handle((v, t) -> null);
    }
}
