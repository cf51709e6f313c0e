package org.tgari.gateway;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.tgari.logging.CallLog;
import org.tgari.ari.AriEvent;
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
final class OutboundCall implements GatewayCall {


    private final CallLog log;
    private final String id;
    private final String sipChannelId;
    private final String rawTarget;
    private final CallEnvironment env;
    private final Context context;
    private final MediaClock clock;
    private final CallMedia media;
    private final long startNanos = System.nanoTime();
    private final java.time.Instant startedAt = java.time.Instant.now();

    private CallState state = new CallState.Resolving();
    private AutoCloseable meters;
    private boolean callerGone;
    private boolean telegramEnded;
    // Once the answer is asked for, the caller is (or is being) answered unless Asterisk refuses. Kept
    // here, not read off the request's future: that completes off the context, before the call hears of it.
    private Answer answer = Answer.NOT_ASKED;
    // The call ended while the answer was in flight (the caller left, the events socket dropped): the
    // answer's reply says which of the two outcomes it is.
    private AnswerDecides pending;
    private final OutcomeWait outcomeWait;

    OutboundCall(String id, String sipChannelId, String rawTarget, CallEnvironment env, MediaClock clock) {
        this.id = id;
        this.sipChannelId = sipChannelId;
        this.rawTarget = rawTarget;
        this.env = env;
        this.clock = clock;
        this.context = clock.context();
        this.log = CallLog.of(OutboundCall.class, id);
        this.media = new CallMedia(id, log, env, clock);
        this.outcomeWait = new OutcomeWait(env.vertx());
    }

    @Override
    public String id() { return id; }

    String target() { return rawTarget; }

    java.time.Instant startedAt() { return startedAt; }

    long durationMs() { return (System.nanoTime() - startNanos) / 1_000_000; }

    @Override
    public String sipChannelId() { return sipChannelId; }

    @Override
    public String mediaChannelId() { return media.mediaChannelId(); }

    @Override
    public String bridgeId() { return media.bridgeId(); }

    @Override
    public Context context() { return context; }

    CallState state() { return state; }

    /** Starts the call: resolve, then ring. */
    void start() {
        env.metrics().callStarted();
        Target target = Target.parse(rawTarget);
        log.info("{} dials '{}'", sipChannelId, rawTarget);
        if (target == null) {
            end(CallOutcome.INVALID_TARGET, Target.whyNot(rawTarget));
            return;
        }
        var line = env.line();
        if (!line.state().ready()) {
            end(CallOutcome.TELEGRAM_UNAVAILABLE, line.state().reason());
            return;
        }
        media.onContext(line.lookup(target)).onComplete(ar -> {
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
        media.onContext(env.ari().ring(sipChannelId)).onFailure(t -> log.warn("ring indication failed: {}", t.getMessage()));
        OutgoingCall tg = env.line().call(found.user(), new TelegramEvents());
        long timeoutMs = env.config().calls().noAnswerTimeout().toMillis();
        long timer = env.vertx().setTimer(Math.max(1, timeoutMs), t -> {
            if (state instanceof CallState.Ringing) end(CallOutcome.NO_ANSWER, "no answer within " + timeoutMs + " ms");
        });
        state = new CallState.Ringing(tg, timer);
        log.info("ringing Telegram user {} ({})", found.user().id(), found.user().displayName());
    }

    /** Telegram's callbacks, moved onto the call's context. */
    private final class TelegramEvents implements CallListener {
        @Override
        public void ringing() {
            context.runOnContext(v -> log.debug("Telegram side is ringing"));
        }

        @Override
        public String gatewayCallId() {
            return id;
        }

        @Override
        public void identified(String telegramCallId) {
            context.runOnContext(v -> {
                log.telegramCall(telegramCallId);
                log.info("Telegram's id for the call is {}", telegramCallId);
            });
        }

        @Override
        public void accepted(VoiceChannel voice) {
            context.runOnContext(v -> onAccepted(voice));
        }

        @Override
        public void ended(CallOutcome outcome, String detail) {
            context.runOnContext(v -> {
                telegramEnded = true;
                // A Telegram user who accepted and hung up before our caller was answered turned the call
                // down as far as the caller can tell: it never spoke to them.
                CallOutcome unanswered = outcome == CallOutcome.ANSWERED ? CallOutcome.DECLINED : outcome;
                // With the answer in flight the caller may hear a 200 OK yet: its reply decides.
                if (awaitAnswer(new AnswerDecides(CallOutcome.ANSWERED, unanswered, "Telegram: " + detail))) return;
                end(state instanceof CallState.Connected ? CallOutcome.ANSWERED : unanswered, "Telegram: " + detail);
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
        log.info("Telegram answered; connecting media");
        // The caller keeps hearing ringing until the Telegram media path is up: answered earlier, the
        // first half second or more of what they say would go nowhere.
        media.connect(this, sipChannelId, voice, this::isEnded)
                .compose(v -> {
                    // the path came up after the call ended: its caller must not be answered now
                    if (isEnded()) return Future.failedFuture("call ended before the answer");
                    answer = Answer.ASKED;
                    return media.onContext(env.ari().answer(sipChannelId));
                })
                .onComplete(ar -> {
                    if (isEnded()) return;
                    if (ar.failed()) {
                        if (answer == Answer.ASKED) answer = Answer.REFUSED;
                        setupFailed(ar.cause());
                        return;
                    }
                    if (pending != null) {
                        end(pending.ifAnswered(), pending.detail() + "; the answer went through");
                        return;
                    }
                    if (state instanceof CallState.Connecting c) {
                        state = new CallState.Connected(c.telegram(), c.voice(), System.nanoTime());
                        meters = env.metrics().registerCall(id, this::counters);
                        env.metrics().mediaSetUp(System.nanoTime() - acceptedNanos);
                        media.start();
                        log.info("connected ({} leg)", media.legDescription());
                    }
                });
    }

    /**
     * Set-up failed. A request about the caller refused because the caller is gone (Asterisk replies before
     * it sends the caller's StasisEnd) waits, bounded, for the leave event, so that the caller's hang-up
     * decides the outcome; with nothing to wait for, or none coming, it is an internal error.
     */
    private void setupFailed(Throwable cause) {
        String detail = "media setup failed: " + OutcomeWait.message(cause);
        if (pending != null) {
            end(pending.ifNot(), pending.detail() + "; the answer failed: " + OutcomeWait.message(cause));
        } else if (OutcomeWait.channelGone(cause)) {
            log.info("{}; waiting up to {} ms for the caller's leave event", detail, OutcomeWait.LEAVE_EVENT_MS);
            outcomeWait.start(OutcomeWait.LEAVE_EVENT_MS, () -> end(CallOutcome.INTERNAL_ERROR, detail + " (the caller did not leave)"));
        } else {
            end(CallOutcome.INTERNAL_ERROR, detail);
        }
    }

    MediaCounters counters() {
        return media.counters();
    }

    /** An ARI event about one of this call's channels. */
    @Override
    public void onEvent(AriEvent event) {
        if (media.onEvent(event, this::mediaGone)) return;
        switch (event) {
            case AriEvent.ChannelHangupRequest h -> callerHungUp("hangup request, cause " + h.cause());
            case AriEvent.StasisEnd s -> callerHungUp("left Stasis");
            case AriEvent.ChannelDestroyed d -> callerHungUp("channel destroyed, cause " + d.cause() + " " + d.causeText());
            default -> { }
        }
    }

    private void mediaGone() {
        if (isEnded()) return;
        boolean talking = state instanceof CallState.Connected;
        end(talking ? CallOutcome.ANSWERED : CallOutcome.INTERNAL_ERROR, "ExternalMedia channel " + media.mediaChannelId() + " went away");
    }

    private void callerHungUp(String how) {
        callerGone = true;
        if (isEnded()) return;
        // 200 OK and CANCEL may cross: the answer's reply says whether the phone was answered first
        if (awaitAnswer(new AnswerDecides(CallOutcome.ANSWERED, CallOutcome.CANCELLED, "caller hung up (" + how + ")"))) return;
        boolean talking = state instanceof CallState.Connected;
        end(talking ? CallOutcome.ANSWERED : CallOutcome.CANCELLED, "caller hung up (" + how + ")");
    }

    @Override
    public void ariLost() {
        if (isEnded()) return;
        // Only the events socket may be gone: the answer already sent can still reach the phone (and a
        // hang-up sent now could overtake it).
        if (awaitAnswer(new AnswerDecides(CallOutcome.ANSWERED, CallOutcome.INTERNAL_ERROR, "ARI connection lost"))) return;
        boolean talking = state instanceof CallState.Connected;
        end(talking ? CallOutcome.ANSWERED : CallOutcome.INTERNAL_ERROR, "ARI connection lost");
    }

    private enum Answer { NOT_ASKED, ASKED, REFUSED }

    /** How a call that ended while its caller was being answered counts, by the answer's reply. */
    private record AnswerDecides(CallOutcome ifAnswered, CallOutcome ifNot, String detail) {}

    /**
     * With the answer in flight, the end waits (bounded) for its reply, which decides between the two
     * outcomes (see {@link #onAccepted}); returns false when no answer is in flight.
     */
    private boolean awaitAnswer(AnswerDecides decides) {
        // the answer's reply has not reached the call yet while it is still connecting
        if (answer != Answer.ASKED || !(state instanceof CallState.Connecting)) return false;
        if (pending != null) return true; // the first reason to end stays the one logged
        pending = decides;
        log.info("{} while the caller is being answered; waiting up to {} ms for Asterisk's reply", decides.detail(), OutcomeWait.ANSWER_REPLY_MS);
        outcomeWait.start(OutcomeWait.ANSWER_REPLY_MS,
                () -> end(decides.ifNot(), decides.detail() + "; no reply to the answer within " + OutcomeWait.ANSWER_REPLY_MS + " ms"));
        return true;
    }

    /** tgari stops: a connected call was answered all the same; one not yet answered gets 503 as if no tgari ran. */
    @Override
    public void stop(String why) {
        if (isEnded()) return;
        if (awaitAnswer(new AnswerDecides(CallOutcome.ANSWERED, CallOutcome.SHUT_DOWN, why))) return;
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
        outcomeWait.cancel();
        clock.release();
        MediaCounters counters = counters();
        List<CompletableFuture<Void>> cleanup = new ArrayList<>();
        media.release(cleanup);
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
        env.metrics().callEnded(outcome, meters);
        long ms = durationMs();
        log.info("ended {} after {} ms: {}; {}", outcome.tag(), ms, detail, counters.summary());

        if (!callerGone) {
            int cause = outcome == CallOutcome.ANSWERED ? 16 : outcome.q850Cause();
            cleanup.add(media.quiet(env.ari().hangup(sipChannelId, cause), "hang up caller"));
        }
        media.finishAfter(cleanup, this);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new HashMap<>();
        m.put("id", id);
        m.put("direction", "outbound");
        m.put("channel", sipChannelId);
        m.put("target", rawTarget);
        m.put("state", state.getClass().getSimpleName());
        m.put("startedAt", startedAt.toString());
        m.put("durationMs", durationMs());
        CallDescriptions.putMedia(m, counters());
        return m;
    }
}
