package org.tgari.gateway;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.tgari.logging.CallLog;
import org.tgari.ari.AriClient.ExternalMediaChannel;
import org.tgari.ari.AriEvent;
import org.tgari.gateway.media.AsteriskMediaLeg;
import org.tgari.gateway.media.CallMediaPipeline;
import org.tgari.gateway.media.CallMediaPipeline.MediaCounters;
import org.tgari.gateway.media.MediaClock;
import org.tgari.telegram.VoiceChannel;

/**
 * The media half of a call, whatever its direction: the ExternalMedia channel, the bridge that joins it
 * to the SIP channel (at once, or later for a caller held in it while asked for an extension), and the pipeline between that leg and the Telegram voice. Runs on the call's
 * context; {@link #release} gives back everything it created, also when set-up stopped half-way.
 */
final class CallMedia {

    private static final long MEDIA_CHANNEL_TIMEOUT_MS = 5000;
    // Only a guard: the engine fails a call whose path is not up after 20 s, and that normally decides first.
    private static final long MEDIA_UP_TIMEOUT_MS = 25_000;

    private final String callId;
    private final CallLog log;
    private final CallEnvironment env;
    private final MediaClock clock;
    private final Context context;
    private final String mediaChannelId;
    private final String bridgeId;
    private final Promise<Void> mediaChannelInStasis = Promise.promise();

    private AsteriskMediaLeg leg;
    private CallMediaPipeline pipeline;
    private boolean mediaChannelCreated;
    private boolean bridgeCreated;
    private long mediaTimer = -1;

    CallMedia(String callId, CallLog log, CallEnvironment env, MediaClock clock) {
        this.callId = callId;
        this.log = log;
        this.env = env;
        this.clock = clock;
        this.context = clock.context();
        this.mediaChannelId = env.ids().mediaChannel(callId);
        this.bridgeId = env.ids().bridge(callId);
    }

    String mediaChannelId() { return mediaChannelId; }

    String bridgeId() { return bridgeId; }

    /**
     * Creates the ExternalMedia leg and the bridge, bridges {@code sipChannelId} with it, and completes
     * once the Telegram media path is up: before that, what the SIP side says would go nowhere.
     * {@code ended} tells whether the call ended meanwhile, so what was created late is released at once.
     */
    Future<Void> connect(GatewayCall call, String sipChannelId, VoiceChannel voice, BooleanSupplier ended) {
        return setUp(call, voice, ended, List.of(sipChannelId, mediaChannelId));
    }

    /**
     * As {@link #connect}, but the bridge holds only the ExternalMedia leg (ask mode: prompts are played into
     * it while the SIP side is not yet known; {@link #join} adds it later). The bridge is claimed for the call,
     * so that the {@link AriEvent.PlaybackFinished} of its prompts reach it.
     */
    Future<Void> hold(GatewayCall call, VoiceChannel voice, BooleanSupplier ended) {
        env.registry().claim(bridgeId, call);
        return setUp(call, voice, ended, List.of(mediaChannelId));
    }

    /** Adds the answered SIP side to the bridge {@link #hold} set up. */
    Future<Void> join(String sipChannelId) {
        return onContext(env.ari().addToBridge(bridgeId, List.of(sipChannelId)));
    }

    private Future<Void> setUp(GatewayCall call, VoiceChannel voice, BooleanSupplier ended, List<String> members) {
        leg = env.legFactory().apply(log);
        pipeline = new CallMediaPipeline(callId, clock, leg, voice, env.config().opus(), env.config().media());
        env.registry().claim(mediaChannelId, call);
        mediaTimer = env.vertx().setTimer(MEDIA_CHANNEL_TIMEOUT_MS,
                t -> mediaChannelInStasis.tryFail("media channel did not enter Stasis within " + MEDIA_CHANNEL_TIMEOUT_MS + " ms"));
        return leg.prepare(env.config().ari().app(), mediaChannelId)
                .compose(req -> onContext(env.ari().externalMedia(req)))
                .compose(channel -> attach(channel, ended))
                .compose(v -> onContext(env.ari().createBridge(bridgeId, "mixing,dtmf_events")))
                .compose(v -> {
                    if (ended.getAsBoolean()) {
                        // created while the call ended: release() could not know of it
                        quiet(env.ari().destroyBridge(bridgeId), "destroy bridge created after the end");
                        return Future.failedFuture("call ended during media setup");
                    }
                    bridgeCreated = true;
                    return mediaChannelInStasis.future();
                })
                .compose(v -> onContext(env.ari().addToBridge(bridgeId, members)))
                .compose(v -> onContext(voice.mediaUp().orTimeout(MEDIA_UP_TIMEOUT_MS, TimeUnit.MILLISECONDS)));
    }

    private Future<Void> attach(ExternalMediaChannel channel, BooleanSupplier ended) {
        if (ended.getAsBoolean()) {
            quiet(env.ari().hangup(mediaChannelId, 16), "hang up media channel created after the end");
            return Future.failedFuture("call ended during media setup");
        }
        mediaChannelCreated = true;
        return leg.attach(channel, pipeline.asteriskSink());
    }

    /** Audio starts flowing both ways. */
    void start() {
        pipeline.start();
    }

    String legDescription() {
        return leg.sampleRate() + " Hz " + leg.getClass().getSimpleName();
    }

    MediaCounters counters() {
        var p = pipeline;
        return p == null ? MediaCounters.NONE : p.counters();
    }

    /**
     * An event about the media channel: returns false for any other channel. {@code gone} runs when the
     * media channel left.
     */
    boolean onEvent(AriEvent event, Runnable gone) {
        if (!mediaChannelId.equals(event.channelId())) return false;
        switch (event) {
            case AriEvent.StasisStart s -> {
                if (mediaTimer >= 0) env.vertx().cancelTimer(mediaTimer);
                mediaChannelInStasis.tryComplete();
            }
            case AriEvent.StasisEnd s -> {
                mediaChannelInStasis.tryFail("media channel left before the bridge was set up");
                gone.run();
            }
            case AriEvent.ChannelDestroyed d -> {
                mediaChannelInStasis.tryFail("media channel left before the bridge was set up");
                gone.run();
            }
            default -> { }
        }
        return true;
    }

    /** Closes the pipeline and the leg; adds to {@code cleanup} the Asterisk requests that remove the channel and bridge. */
    void release(List<CompletableFuture<Void>> cleanup) {
        if (mediaTimer >= 0) env.vertx().cancelTimer(mediaTimer);
        mediaChannelInStasis.tryFail("call ended");
        if (pipeline != null) pipeline.close();
        if (leg != null) leg.close();
        if (mediaChannelCreated) cleanup.add(quiet(env.ari().hangup(mediaChannelId, 16), "hang up media channel"));
        if (bridgeCreated) cleanup.add(quiet(env.ari().destroyBridge(bridgeId), "destroy bridge"));
    }

    /** Once Asterisk has answered every request in {@code cleanup} (failed or not), {@code call} leaves the registry. */
    void finishAfter(List<CompletableFuture<Void>> cleanup, GatewayCall call) {
        onContext(CompletableFuture.allOf(cleanup.toArray(CompletableFuture[]::new))).onComplete(ar -> env.registry().finished(call));
    }

    CompletableFuture<Void> quiet(CompletableFuture<Void> f, String what) {
        return f.exceptionally(t -> {
            log.info("could not {}: {}", what, t.getMessage());
            return null;
        });
    }

    <T> Future<T> onContext(CompletableFuture<T> f) {
        return Future.fromCompletionStage(f, context);
    }
}
