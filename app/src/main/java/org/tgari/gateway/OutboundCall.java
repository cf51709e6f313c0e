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
import org.tgari.telegram.TelegramUser;
import org.tgari.telegram.VoiceChannel;

/**
 * One SIP caller calling a Telegram user: named in the dialplan ({@code Stasis(app,dial,<target>)}) or
 * entered as DTMF digits in the IVR ({@code Stasis(app,ivr)}), whose entry phase runs before the lookup.
 * How the SIP caller is treated (rung and answered late, or answered at once and told failures in
 * prompts) is its {@link CallerSide}, chosen by the {@link Plan}. Every method runs on the call's own
 * context, one at a time.
 */
final class OutboundCall implements GatewayCall {

    /** How long the "call from" notice may hold the Telegram call back; a slower line rings the user anyway. */
    static final long NOTICE_WAIT_MS = 2000;

    /** The SIP caller as Asterisk names it ({@code CALLERID(name)}, {@code CALLERID(num)}), raw. */
    record SipCaller(String name, String number) {
        static final SipCaller UNKNOWN = new SipCaller("", "");

        SipCaller {
            name = name == null ? "" : name;
            number = number == null ? "" : number;
        }
    }

    /** What the dialplan asked for. */
    sealed interface Plan {
        /** {@code dial,<target>}: call {@code target}, the caller unanswered until Telegram's media is up. */
        record Dial(String target) implements Plan {}

        /** {@code ivr}: answer the caller and ask it for the number with these settings. */
        record Ivr(org.tgari.routing.IvrSettings settings) implements Plan {}
    }

    private final CallLog log;
    private final String id;
    private final String sipChannelId;
    // the dialled string: the dialplan's, or the IVR caller's entry once it named someone
    private String rawTarget;
    private final SipCaller sipCaller;
    private final CallEnvironment env;
    private final Context context;
    private final MediaClock clock;
    private final CallMedia media;
    private final CallerSide caller;
    // the IVR's entry phase; null for a dialled target
    private final IvrEntry ivr;
    private final long startNanos = System.nanoTime();
    private final java.time.Instant startedAt = java.time.Instant.now();

    private CallState state = new CallState.Resolving();
    // the Telegram user called, once known
    private TelegramUser peer;
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
        this(id, sipChannelId, new Plan.Dial(rawTarget), SipCaller.UNKNOWN, env, clock);
    }

    OutboundCall(String id, String sipChannelId, Plan plan, SipCaller sipCaller, CallEnvironment env, MediaClock clock) {
        this.id = id;
        this.sipChannelId = sipChannelId;
        this.sipCaller = sipCaller;
        this.env = env;
        this.clock = clock;
        this.context = clock.context();
        this.log = CallLog.of(OutboundCall.class, id);
        this.media = new CallMedia(id, log, env, clock);
        switch (plan) {
            case Plan.Dial d -> {
                this.rawTarget = d.target();
                this.caller = new RingingCaller(env, log, sipChannelId);
                this.ivr = null;
            }
            case Plan.Ivr i -> {
                this.rawTarget = "";
                var answered = new AnsweredCaller(env, log, sipChannelId, i.settings().outcomes(),
                        new ChannelPlayer(env, log, context, id, sipChannelId));
                this.caller = answered;
                this.ivr = new IvrEntry(env, log, i.settings(), answered.player(), new IvrEntered());
                this.state = new CallState.Collecting();
            }
        }
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

    /** Starts the call: (for the IVR: answer and collect the number,) resolve, then ring. */
    void start() {
        env.metrics().callStarted();
        if (ivr != null) {
            collect();
            return;
        }
        Target target = Target.parse(rawTarget);
        log.info("{} dials '{}'", sipChannelId, rawTarget);
        if (target == null) {
            end(CallOutcome.INVALID_TARGET, Target.whyNot(rawTarget));
            return;
        }
        resolve(target);
    }

    private void resolve(Target target) {
        var line = env.line();
        if (!line.state().ready()) {
            end(CallOutcome.TELEGRAM_UNAVAILABLE, line.state().reason());
            return;
        }
        state = new CallState.Resolving();
        media.onContext(line.lookup(target)).onComplete(ar -> {
            if (isEnded()) return;
            if (ar.failed()) {
                end(CallOutcome.INTERNAL_ERROR, "lookup of " + target + " failed: " + ar.cause().getMessage());
                return;
            }
            switch (ar.result()) {
                case Lookup.Failed f when ivr != null && isNobody(f.outcome()) -> {
                    // the IVR caller mistyped, or asked for someone not on Telegram: it may try again
                    state = new CallState.Collecting();
                    ivr.rejected(f.outcome(), target + ": " + f.detail());
                }
                case Lookup.Failed f -> end(f.outcome(), target + ": " + f.detail());
                case Lookup.Found found -> ring(found);
            }
        });
    }

    private static boolean isNobody(CallOutcome outcome) {
        return outcome == CallOutcome.NOT_FOUND || outcome == CallOutcome.NOT_A_USER || outcome == CallOutcome.INVALID_TARGET;
    }

    /** The IVR: the caller is answered, then hears the prompt and enters the number. */
    private void collect() {
        var line = env.line();
        if (!line.state().ready()) {
            // not answered yet: the caller gets the 503 of a missing gateway rather than prompts
            end(CallOutcome.TELEGRAM_UNAVAILABLE, line.state().reason());
            return;
        }
        log.info("{} entered the IVR", sipChannelId);
        media.onContext(((AnsweredCaller) caller).pickUp()).onComplete(ar -> {
            if (isEnded()) return;
            if (ar.failed()) {
                end(CallOutcome.INTERNAL_ERROR, "answer failed: " + ar.cause().getMessage());
                return;
            }
            ivr.start();
        });
    }

    /** What the IVR's caller entered. */
    private final class IvrEntered implements IvrEntry.Entered {
        @Override
        public void target(Target target, String how) {
            rawTarget = target.toString();
            resolve(target);
        }

        @Override
        public void gaveUp(CallOutcome outcome, List<String> prompts, String reason) {
            end(outcome, "IVR: " + reason, prompts);
        }
    }

    private void ring(Lookup.Found found) {
        if (ivr != null) ivr.close();
        caller.telegramRinging();
        var notice = env.lineRouting().callNotice().render(sipCaller.name(), sipCaller.number());
        if (notice.isEmpty()) {
            callTelegram(found);
            return;
        }
        // Telegram shows the line's account as the caller: the notice says who really calls, before the phone rings
        log.info("telling Telegram user {} who calls ({} characters)", found.user().id(), notice.get().length());
        media.onContext(env.line().sendText(found.user(), notice.get()))
                .timeout(NOTICE_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
                .onComplete(ar -> {
                    if (ar.failed()) log.warn("call notice to Telegram user {} not sent: {}", found.user().id(), ar.cause().getMessage());
                    if (isEnded()) return;
                    callTelegram(found);
                });
    }

    private void callTelegram(Lookup.Found found) {
        OutgoingCall tg = env.line().call(found.user(), new TelegramEvents());
        long timeoutMs = env.config().calls().noAnswerTimeout().toMillis();
        long timer = env.vertx().setTimer(Math.max(1, timeoutMs), t -> {
            if (state instanceof CallState.Ringing) end(CallOutcome.NO_ANSWER, "no answer within " + timeoutMs + " ms");
        });
        state = new CallState.Ringing(tg, timer);
        peer = found.user();
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
        caller.telegramAnswered();
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
                    return media.onContext(caller.mediaUp());
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
                        var dtmf = new DtmfRelay(log, env, sipChannelId, peer, env.lineRouting().dtmfToChat());
                        state = new CallState.Connected(c.telegram(), c.voice(), System.nanoTime(), dtmf);
                        env.registry().claimPeer(peer.id(), this);
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
        if (caller.onEvent(event)) return;
        if (ivr != null && ivr.onEvent(event)) return;
        switch (event) {
            case AriEvent.ChannelHangupRequest h -> callerHungUp("hangup request, cause " + h.cause());
            case AriEvent.StasisEnd s -> callerHungUp("left Stasis");
            case AriEvent.ChannelDestroyed d -> callerHungUp("channel destroyed, cause " + d.cause() + " " + d.causeText());
            case AriEvent.ChannelDtmfReceived d when state instanceof CallState.Connected c && sipChannelId.equals(d.channelId()) ->
                    c.dtmf().sipDigit(d.digit());
            default -> { }
        }
    }

    /** The called user writes to the line: keypad characters are played to the caller while both talk. */
    @Override
    public void chatText(String text) {
        if (state instanceof CallState.Connected c) c.dtmf().chatText(text);
        else log.debug("chat message from the peer ({} characters) ignored in state {}", text.length(), state.getClass().getSimpleName());
    }

    private void mediaGone() {
        if (isEnded()) return;
        boolean talking = state instanceof CallState.Connected;
        end(talking ? CallOutcome.ANSWERED : CallOutcome.INTERNAL_ERROR, "ExternalMedia channel " + media.mediaChannelId() + " went away");
    }

    private void callerHungUp(String how) {
        callerGone = true;
        caller.gone();
        if (isEnded()) return;
        // 200 OK and CANCEL may cross: the answer's reply says whether the phone was answered first
        if (awaitAnswer(new AnswerDecides(CallOutcome.ANSWERED, CallOutcome.CANCELLED, "caller hung up (" + how + ")"))) return;
        boolean talking = state instanceof CallState.Connected;
        end(talking ? CallOutcome.ANSWERED : CallOutcome.CANCELLED, "caller hung up (" + how + ")");
    }

    @Override
    public void ariLost() {
        caller.hurry();
        if (isEnded()) return;
        // Only the events socket may be gone: the answer already sent can still reach the phone (and a
        // hang-up sent now could overtake it).
        if (awaitAnswer(new AnswerDecides(CallOutcome.ANSWERED, CallOutcome.INTERNAL_ERROR, "ARI connection lost"))) return;
        boolean talking = state instanceof CallState.Connected;
        // nothing can be played without ARI
        end(talking ? CallOutcome.ANSWERED : CallOutcome.INTERNAL_ERROR, "ARI connection lost", List.of());
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
        caller.hurry();
        if (isEnded()) return;
        if (awaitAnswer(new AnswerDecides(CallOutcome.ANSWERED, CallOutcome.SHUT_DOWN, why))) return;
        // no farewell: stopping waits for the hang-ups only a few seconds
        end(state instanceof CallState.Connected ? CallOutcome.ANSWERED : CallOutcome.SHUT_DOWN, why, List.of());
    }

    boolean isEnded() {
        return state instanceof CallState.Ended;
    }

    /** Ends the call once: releases media, Telegram and Asterisk resources, then leaves the registry. */
    void end(CallOutcome outcome, String detail) {
        end(outcome, detail, caller.farewell(outcome));
    }

    /** {@link #end(CallOutcome, String)}, with {@code farewell} played to an answered caller before its hang-up. */
    private void end(CallOutcome outcome, String detail, List<String> farewell) {
        if (isEnded()) return;
        if (ivr != null) ivr.close();
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
                c.dtmf().close();
                c.voice().close();
                yield c.telegram();
            }
            default -> null;
        };
        if (telegram != null && !telegramEnded) telegram.hangup();
        env.metrics().callEnded(outcome, meters);
        long ms = durationMs();
        log.info("ended {} after {} ms: {}; {}", outcome.tag(), ms, detail, counters.summary());

        if (!callerGone) cleanup.add(caller.hangUp(outcome, farewell));
        media.finishAfter(cleanup, this);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new HashMap<>();
        m.put("id", id);
        m.put("direction", "outbound");
        m.put("channel", sipChannelId);
        m.put("target", rawTarget);
        if (ivr != null) m.put("entry", "ivr");
        m.put("state", state.getClass().getSimpleName());
        m.put("startedAt", startedAt.toString());
        m.put("durationMs", durationMs());
        CallDescriptions.putMedia(m, counters());
        return m;
    }
}
