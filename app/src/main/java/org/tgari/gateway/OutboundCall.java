package org.tgari.gateway;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tgari.ari.AriClient.ExternalMediaChannel;
import org.tgari.ari.AriEvent;
import org.tgari.gateway.media.AsteriskMediaLeg;
import org.tgari.gateway.media.CallMediaPipeline;
import org.tgari.gateway.media.MediaClock;
import org.tgari.gateway.media.CallMediaPipeline.MediaCounters;
import org.tgari.routing.CallOutcome;
import org.tgari.routing.Target;
import org.tgari.telegram.CallListener;
import org.tgari.telegram.Lookup;
import org.tgari.telegram.OutgoingCall;
import org.tgari.telegram.VoiceChannel;

/**
 * One SIP caller dialling a Telegram user through {@code Stasis(app,dial,<target>)}. The SIP channel
 * only hears ringing until Telegram answers, so busy, declined or unknown users reach the phone as SIP
 * failure responses. Every method runs on the call's own context, one at a time.
 */
final class OutboundCall {

    private static final Logger log = LoggerFactory.getLogger(OutboundCall.class);
    private static final long MEDIA_CHANNEL_TIMEOUT_MS = 5000;
    // Only a guard: the engine fails a call whose path is not up after 20 s, and that normally decides first.
    private static final long MEDIA_UP_TIMEOUT_MS = 25_000;

    private final String id;
    private final String sipChannelId;
    private final String rawTarget;
    private final CallEnvironment env;
    private final Context context;
    private final MediaClock clock;
    private final String mediaChannelId;
    private final String bridgeId;
    private final long startNanos = System.nanoTime();
    private final java.time.Instant startedAt = java.time.Instant.now();

    private CallState state = new CallState.Resolving();
    private AsteriskMediaLeg leg;
    private CallMediaPipeline pipeline;
    private AutoCloseable meters;
    private boolean mediaChannelCreated;
    private boolean bridgeCreated;
    private boolean callerGone;
    private boolean telegramEnded;
    // Asterisk was asked to answer the caller: from then on the caller is (or is being) answered.
    private boolean answerRequested;
    private final Promise<Void> mediaChannelInStasis = Promise.promise();
    private long mediaTimer = -1;

    OutboundCall(String id, String sipChannelId, String rawTarget, CallEnvironment env, MediaClock clock) {
        this.id = id;
        this.sipChannelId = sipChannelId;
        this.rawTarget = rawTarget;
        this.env = env;
        this.clock = clock;
        this.context = clock.context();
        this.mediaChannelId = env.ids().mediaChannel(id);
        this.bridgeId = env.ids().bridge(id);
    }

    String id() { return id; }

    String target() { return rawTarget; }

    java.time.Instant startedAt() { return startedAt; }

    long durationMs() { return (System.nanoTime() - startNanos) / 1_000_000; }

    String sipChannelId() { return sipChannelId; }

    String mediaChannelId() { return mediaChannelId; }

    String bridgeId() { return bridgeId; }

    Context context() { return context; }

    CallState state() { return state; }

    /** Starts the call: resolve, then ring. */
    void start() {
        env.metrics().callStarted();
        Target target = Target.parse(rawTarget);
        log.info("call {}: {} dials '{}'", id, sipChannelId, rawTarget);
        if (target == null) {
            end(CallOutcome.INVALID_TARGET, Target.whyNot(rawTarget));
            return;
        }
        var line = env.line();
        if (!line.state().ready()) {
            end(CallOutcome.TELEGRAM_UNAVAILABLE, line.state().reason());
            return;
        }
        onContext(line.lookup(target)).onComplete(ar -> {
            if (isEnded()) return;
            if (ar.failed()) {
                end(CallOutcome.INTERNAL_ERROR, "lookup of " + target + " failed: " + ar.cause().getMessage());
                return;
            }
            switch (ar.result()) {
                case Lookup.Failed f -> end(f.outcome(), target + ": " + f.detail());
                case Lookup.Found found -> ring(found);
            }
        });
    }

    private void ring(Lookup.Found found) {
        onContext(env.ari().ring(sipChannelId)).onFailure(t -> log.warn("call {}: ring indication failed: {}", id, t.getMessage()));
        OutgoingCall tg = env.line().call(found.user(), new TelegramEvents());
        long timeoutMs = env.config().calls().noAnswerTimeout().toMillis();
        long timer = env.vertx().setTimer(Math.max(1, timeoutMs), t -> {
            if (state instanceof CallState.Ringing) end(CallOutcome.NO_ANSWER, "no answer within " + timeoutMs + " ms");
        });
        state = new CallState.Ringing(tg, timer);
        log.info("call {}: ringing Telegram user {} ({})", id, found.user().id(), found.user().displayName());
    }

    /** Telegram's callbacks, moved onto the call's context. */
    private final class TelegramEvents implements CallListener {
        @Override
        public void ringing() {
            context.runOnContext(v -> log.debug("call {}: Telegram side is ringing", id));
        }

        @Override
        public void accepted(VoiceChannel voice) {
            context.runOnContext(v -> onAccepted(voice));
        }

        @Override
        public void ended(CallOutcome outcome, String detail) {
            context.runOnContext(v -> {
                telegramEnded = true;
                // Once the answer was asked for, the caller hears a 200 OK whatever comes next.
                boolean wasTalking = state instanceof CallState.Connected || answerRequested;
                // A Telegram user who accepted and hung up before our caller was answered turned the call
                // down as far as the caller can tell: it never spoke to them.
                CallOutcome seen = wasTalking ? CallOutcome.ANSWERED : outcome == CallOutcome.ANSWERED ? CallOutcome.DECLINED : outcome;
                end(seen, "Telegram: " + detail);
            });
        }
    }

    private void onAccepted(VoiceChannel voice) {
        if (!(state instanceof CallState.Ringing ringing)) {
            voice.close();
            return;
        }
        env.vertx().cancelTimer(ringing.noAnswerTimer());
        long acceptedNanos = System.nanoTime();
        state = new CallState.Connecting(ringing.telegram(), voice);
        log.info("call {}: Telegram answered; connecting media", id);
        leg = env.legFactory().get();
        pipeline = new CallMediaPipeline(id, clock, leg, voice, env.config().opus(), env.config().media());
        env.registry().claim(mediaChannelId, this);
        mediaTimer = env.vertx().setTimer(MEDIA_CHANNEL_TIMEOUT_MS,
                t -> mediaChannelInStasis.tryFail("media channel did not enter Stasis within " + MEDIA_CHANNEL_TIMEOUT_MS + " ms"));
        leg.prepare(env.config().ari().app(), mediaChannelId)
                .compose(req -> onContext(env.ari().externalMedia(req)))
                .compose(this::attachMedia)
                .compose(v -> onContext(env.ari().createBridge(bridgeId, "mixing,dtmf_events")))
                .compose(v -> {
                    if (isEnded()) {
                        // created while the call ended: end() could not know of it
                        quiet(env.ari().destroyBridge(bridgeId), "destroy bridge created after the end");
                        return Future.failedFuture("call ended during media setup");
                    }
                    bridgeCreated = true;
                    return mediaChannelInStasis.future();
                })
                .compose(v -> onContext(env.ari().addToBridge(bridgeId, List.of(sipChannelId, mediaChannelId))))
                // The caller keeps hearing ringing until the Telegram media path is up: answered earlier, the
                // first half second or more of what they say would go nowhere.
                .compose(v -> onContext(voice.mediaUp().orTimeout(MEDIA_UP_TIMEOUT_MS, TimeUnit.MILLISECONDS)))
                .compose(v -> {
                    answerRequested = true;
                    return onContext(env.ari().answer(sipChannelId));
                })
                .onComplete(ar -> {
                    if (isEnded()) return;
                    if (ar.failed()) {
                        end(CallOutcome.INTERNAL_ERROR, "media setup failed: " + ar.cause().getMessage());
                        return;
                    }
                    if (state instanceof CallState.Connecting c) {
                        state = new CallState.Connected(c.telegram(), c.voice(), System.nanoTime());
                        meters = env.metrics().registerCall(id, this::counters);
                        env.metrics().mediaSetUp(System.nanoTime() - acceptedNanos);
                        pipeline.start();
                        log.info("call {}: connected ({} Hz {} leg)", id, leg.sampleRate(), leg.getClass().getSimpleName());
                    }
                });
    }

    private Future<Void> attachMedia(ExternalMediaChannel channel) {
        if (isEnded()) {
            // created while the call ended: end() could not know of it
            quiet(env.ari().hangup(mediaChannelId, 16), "hang up media channel created after the end");
            return Future.failedFuture("call ended during media setup");
        }
        mediaChannelCreated = true;
        return leg.attach(channel, pipeline.asteriskSink());
    }

    MediaCounters counters() {
        var p = pipeline;
        return p == null ? MediaCounters.NONE : p.counters();
    }

    /** An ARI event about one of this call's channels. */
    void onEvent(AriEvent event) {
        String ch = event.channelId();
        if (mediaChannelId.equals(ch)) {
            switch (event) {
                case AriEvent.StasisStart s -> {
                    if (mediaTimer >= 0) env.vertx().cancelTimer(mediaTimer);
                    mediaChannelInStasis.tryComplete();
                }
                case AriEvent.StasisEnd s -> mediaGone();
                case AriEvent.ChannelDestroyed d -> mediaGone();
                default -> { }
            }
            return;
        }
        switch (event) {
            case AriEvent.ChannelHangupRequest h -> callerHungUp("hangup request, cause " + h.cause());
            case AriEvent.StasisEnd s -> callerHungUp("left Stasis");
            case AriEvent.ChannelDestroyed d -> callerHungUp("channel destroyed, cause " + d.cause() + " " + d.causeText());
            default -> { }
        }
    }

    private void mediaGone() {
        mediaChannelInStasis.tryFail("media channel left before the bridge was set up");
        if (isEnded()) return;
        boolean talking = state instanceof CallState.Connected;
        end(talking ? CallOutcome.ANSWERED : CallOutcome.INTERNAL_ERROR, "ExternalMedia channel " + mediaChannelId + " went away");
    }

    private void callerHungUp(String how) {
        callerGone = true;
        if (isEnded()) return;
        boolean talking = state instanceof CallState.Connected;
        end(talking ? CallOutcome.ANSWERED : CallOutcome.CANCELLED, "caller hung up (" + how + ")");
    }

    /** The ARI connection dropped: Asterisk may be gone with all its channels, so release what is ours. */
    void ariLost() {
        if (isEnded()) return;
        boolean talking = state instanceof CallState.Connected;
        end(talking ? CallOutcome.ANSWERED : CallOutcome.INTERNAL_ERROR, "ARI connection lost");
    }

    /** tgari stops: a connected call was answered all the same; one not yet answered gets 503 as if no tgari ran. */
    void stop(String why) {
        if (isEnded()) return;
        end(state instanceof CallState.Connected ? CallOutcome.ANSWERED : CallOutcome.SHUT_DOWN, why);
    }

    boolean isEnded() {
        return state instanceof CallState.Ended;
    }

    /** Ends the call once: releases media, Telegram and Asterisk resources, then leaves the registry. */
    void end(CallOutcome outcome, String detail) {
        if (isEnded()) return;
        CallState previous = state;
        state = new CallState.Ended(outcome, detail);
        clock.release();
        if (mediaTimer >= 0) env.vertx().cancelTimer(mediaTimer);
        mediaChannelInStasis.tryFail("call ended");
        MediaCounters media = counters();
        if (pipeline != null) pipeline.close();
        if (leg != null) leg.close();
        OutgoingCall telegram = switch (previous) {
            case CallState.Ringing r -> {
                env.vertx().cancelTimer(r.noAnswerTimer());
                yield r.telegram();
            }
            case CallState.Connecting c -> {
                c.voice().close();
                yield c.telegram();
            }
            case CallState.Connected c -> {
                c.voice().close();
                yield c.telegram();
            }
            default -> null;
        };
        if (telegram != null && !telegramEnded) telegram.hangup();
        if (meters != null) {
            try {
                meters.close();
            } catch (Exception ignored) {
                // removing meters cannot fail in a way that matters to the call
            }
        }
        env.metrics().callEnded(outcome);
        long ms = durationMs();
        log.info("call {}: ended {} after {} ms: {}; {}", id, outcome.tag(), ms, detail, media.summary());

        List<CompletableFuture<Void>> cleanup = new ArrayList<>();
        if (mediaChannelCreated) cleanup.add(quiet(env.ari().hangup(mediaChannelId, 16), "hang up media channel"));
        if (bridgeCreated) cleanup.add(quiet(env.ari().destroyBridge(bridgeId), "destroy bridge"));
        if (!callerGone) {
            int cause = outcome == CallOutcome.ANSWERED ? 16 : outcome.q850Cause();
            cleanup.add(quiet(env.ari().hangup(sipChannelId, cause), "hang up caller"));
        }
        onContext(CompletableFuture.allOf(cleanup.toArray(CompletableFuture[]::new)))
                .onComplete(ar -> env.registry().finished(this));
    }

    private CompletableFuture<Void> quiet(CompletableFuture<Void> f, String what) {
        return f.exceptionally(t -> {
            log.info("call {}: could not {}: {}", id, what, t.getMessage());
            return null;
        });
    }

    private <T> Future<T> onContext(CompletableFuture<T> f) {
        return Future.fromCompletionStage(f, context);
    }
}
