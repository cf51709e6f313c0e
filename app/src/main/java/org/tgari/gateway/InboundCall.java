package org.tgari.gateway;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.tgari.logging.CallLog;
import org.tgari.ari.AriClient.OriginateRequest;
import org.tgari.ari.AriEvent;
import org.tgari.gateway.media.CallMediaPipeline.MediaCounters;
import org.tgari.gateway.media.MediaClock;
import org.tgari.routing.CallOutcome;
import org.tgari.routing.InboundDecision;
import org.tgari.routing.SipLegOutcome;
import org.tgari.telegram.CallListener;
import org.tgari.telegram.IncomingCall;
import org.tgari.telegram.VoiceChannel;

/**
 * One Telegram user calling a line in {@code extension} mode: tgari originates {@code Local/<ext>@<ctx>}
 * into its Stasis app and leaves the Telegram call unanswered (the caller hears ringing) until the SIP
 * side answers; only then it accepts the Telegram call and bridges the two like an outbound call. A SIP
 * side that ends before answering declines the Telegram call. Every method runs on the call's context.
 */
final class InboundCall implements GatewayCall {

    /** The Stasis argument of the originated channel, so that a stray one is recognisable in Asterisk. */
    static final String APP_ARGS = "inbound";
    /**
     * The originated Local channel's formats. Without them Asterisk chose a path that delivered the phone's
     * audio to the bridge about 6.5 dB low (InboundCallIT: echo at -18.5 dBFS for a -12 dBFS tone, the
     * Telegram → phone direction unaffected); with signed linear first the level is kept (-12.3 dBFS).
     */
    static final String FORMATS = "slin16,ulaw";

    /** Where the call stands. */
    sealed interface Phase {
        /** The SIP side is being dialled; the Telegram caller hears ringing. */
        record Originating() implements Phase {}

        /** The SIP side answered; the Telegram call is being accepted. */
        record Answering() implements Phase {}

        /** Telegram accepted; ExternalMedia and the bridge are being set up. */
        record Connecting(VoiceChannel voice) implements Phase {}

        record Connected(VoiceChannel voice) implements Phase {}

        record Ended(CallOutcome outcome, String detail) implements Phase {}
    }

    private final CallLog log;
    private final String id;
    private final IncomingCall telegram;
    private final InboundDecision.Dial dial;
    private final String line;
    private final CallEnvironment env;
    private final MediaClock clock;
    private final Context context;
    private final CallMedia media;
    private final String sipChannelId;
    private final long startNanos = System.nanoTime();
    private final java.time.Instant startedAt = java.time.Instant.now();
    private final Promise<Void> sipInStasis = Promise.promise();

    private Phase phase = new Phase.Originating();
    private boolean originated;
    private boolean sipGone;
    private boolean telegramEnded;
    private AutoCloseable meters;
    private long answeredNanos;
    private final OutcomeWait outcomeWait;

    InboundCall(String id, IncomingCall telegram, InboundDecision.Dial dial, String line, CallEnvironment env, MediaClock clock) {
        this.id = id;
        this.telegram = telegram;
        this.dial = dial;
        this.line = line;
        this.env = env;
        this.clock = clock;
        this.context = clock.context();
        this.log = CallLog.of(InboundCall.class, id);
        if (!telegram.telegramCallId().isEmpty()) log.telegramCall(telegram.telegramCallId());
        this.media = new CallMedia(id, log, env, clock);
        this.sipChannelId = env.ids().inboundChannel(id);
        this.outcomeWait = new OutcomeWait(env.vertx());
    }

    @Override public String id() { return id; }

    @Override public Context context() { return context; }

    @Override public String sipChannelId() { return sipChannelId; }

    @Override public String mediaChannelId() { return media.mediaChannelId(); }

    @Override public String bridgeId() { return media.bridgeId(); }

    Phase phase() { return phase; }

    long durationMs() { return (System.nanoTime() - startNanos) / 1_000_000; }

    /** What the line hears about the Telegram call, moved onto the call's context. */
    CallListener telegramListener() {
        return new CallListener() {
            @Override
            public String gatewayCallId() {
                return id;
            }

            @Override
            public void ringing() { }

            @Override
            public void accepted(VoiceChannel voice) {
                context.runOnContext(v -> onAccepted(voice));
            }

            @Override
            public void ended(CallOutcome outcome, String detail) {
                context.runOnContext(v -> telegramEnded(outcome, detail));
            }
        };
    }

    /** Dials the SIP side; the Telegram call keeps ringing. */
    void start() {
        env.metrics().callStarted();
        log.info("Telegram user {} ({}) calls line {}; originating {} as {} showing {}", telegram.caller().id(),
                telegram.caller().displayName(), line, dial.channel(), sipChannelId, dial.callerId().asteriskForm());
        int timeoutSeconds = (int) Math.max(1, env.config().calls().noAnswerTimeout().toSeconds());
        var request = new OriginateRequest(sipChannelId, dial.channel().endpoint(), env.config().ari().app(), APP_ARGS,
                dial.callerId().asteriskForm(), dial.variables(), timeoutSeconds, FORMATS);
        media.onContext(env.ari().originate(request)).onComplete(ar -> {
            if (ar.succeeded()) {
                originated = true;
                if (isEnded() && !sipGone) {
                    // the call ended while the originate was in flight: end() could not hang it up
                    media.quiet(env.ari().hangup(sipChannelId, SipLegOutcome.CALLER_GAVE_UP_CAUSE), "hang up SIP side originated after the end");
                }
                return;
            }
            sipGone = true;
            end(CallOutcome.INTERNAL_ERROR, "originate of " + dial.channel() + " failed: " + ar.cause().getMessage());
        });
    }

    @Override
    public void onEvent(AriEvent event) {
        if (media.onEvent(event, this::mediaGone)) return;
        if (!sipChannelId.equals(event.channelId())) return;
        switch (event) {
            case AriEvent.ChannelStateChange c when "Up".equals(c.state()) -> sipAnswered();
            case AriEvent.StasisStart s -> {
                sipInStasis.tryComplete();
                sipAnswered();
            }
            // a request without a cause is followed by ChannelDestroyed, which has one
            case AriEvent.ChannelHangupRequest h when h.cause() > 0 -> sipEnded(h.cause(), "hangup request, cause " + h.cause());
            case AriEvent.ChannelDestroyed d -> sipEnded(d.cause(), "channel destroyed, cause " + d.cause() + " " + d.causeText());
            case AriEvent.StasisEnd s -> sipEnded(16, "left Stasis");
            default -> { }
        }
    }

    private void sipAnswered() {
        if (!(phase instanceof Phase.Originating)) return;
        phase = new Phase.Answering();
        answeredNanos = System.nanoTime();
        log.info("SIP side {} answered; accepting the Telegram call", dial.channel());
        telegram.answer();
    }

    private void sipEnded(int cause, String how) {
        sipGone = true;
        sipInStasis.tryFail("SIP side ended");
        if (isEnded()) return;
        if (phase instanceof Phase.Originating) {
            SipLegOutcome sip = SipLegOutcome.fromCause(cause);
            env.metrics().inboundSipLeg(sip);
            end(callOutcome(sip), "SIP side " + dial.channel() + ": " + sip.description() + " (" + how + ")");
            return;
        }
        // After its answer but before the media path was up, the SIP side turned the call down as far as the
        // Telegram caller can tell: it never spoke to them (as an outbound call whose Telegram user does so).
        end(phase instanceof Phase.Connected ? CallOutcome.ANSWERED : CallOutcome.DECLINED, "SIP side hung up (" + how + ")");
    }

    /** The outcome counted in {@code tgari.calls} for a SIP side that never answered. */
    static CallOutcome callOutcome(SipLegOutcome sip) {
        return switch (sip) {
            case ANSWERED -> CallOutcome.ANSWERED;
            case BUSY -> CallOutcome.BUSY;
            case NO_ANSWER -> CallOutcome.NO_ANSWER;
            case DECLINED, NOT_FOUND, UNAVAILABLE -> CallOutcome.DECLINED;
            case CONGESTION, FAILED -> CallOutcome.INTERNAL_ERROR;
        };
    }

    private void onAccepted(VoiceChannel voice) {
        if (!(phase instanceof Phase.Answering)) {
            voice.close();
            return;
        }
        phase = new Phase.Connecting(voice);
        log.info("Telegram call accepted; connecting media");
        // The SIP side must be in Stasis before it can join the bridge; it enters right after answering.
        sipInStasis.future()
                .compose(v -> media.connect(this, sipChannelId, voice, this::isEnded))
                .onComplete(ar -> {
                    if (isEnded()) return;
                    if (ar.failed()) {
                        setupFailed(ar.cause());
                        return;
                    }
                    phase = new Phase.Connected(voice);
                    meters = env.metrics().registerCall(id, this::counters);
                    env.metrics().inboundSipLeg(SipLegOutcome.ANSWERED);
                    media.start();
                    log.info("connected ({} leg), media up {} ms after the SIP answer", media.legDescription(),
                            (System.nanoTime() - answeredNanos) / 1_000_000);
                });
    }

    /**
     * Set-up failed. Bridging refused because the SIP side is gone (Asterisk replies before it sends that
     * channel's leave events) waits, bounded, for those events, so that the SIP side's hang-up decides the
     * outcome; with nothing to wait for, or none coming, it is an internal error.
     */
    private void setupFailed(Throwable cause) {
        String detail = "media setup failed: " + OutcomeWait.message(cause);
        if (!OutcomeWait.channelGone(cause)) {
            end(CallOutcome.INTERNAL_ERROR, detail);
            return;
        }
        log.info("{}; waiting up to {} ms for the SIP side's leave event", detail, OutcomeWait.LEAVE_EVENT_MS);
        outcomeWait.start(OutcomeWait.LEAVE_EVENT_MS, () -> end(CallOutcome.INTERNAL_ERROR, detail + " (the SIP side did not leave)"));
    }

    private void telegramEnded(CallOutcome outcome, String detail) {
        telegramEnded = true;
        if (isEnded()) return;
        switch (phase) {
            case Phase.Originating o -> end(CallOutcome.CANCELLED, "the Telegram caller hung up while the SIP side rang (" + detail + ")");
            case Phase.Connected c -> end(CallOutcome.ANSWERED, "Telegram: " + detail);
            // accepted but not yet connected: the caller hung up (TDLib says hung up before its engine ran,
            // "answered" after), as an outbound caller who leaves while being bridged
            default -> end(outcome == CallOutcome.ANSWERED || outcome == CallOutcome.DECLINED ? CallOutcome.CANCELLED : outcome,
                    "Telegram: " + detail);
        }
    }

    private void mediaGone() {
        if (isEnded()) return;
        end(phase instanceof Phase.Connected ? CallOutcome.ANSWERED : CallOutcome.INTERNAL_ERROR,
                "ExternalMedia channel " + media.mediaChannelId() + " went away");
    }

    @Override
    public void ariLost() {
        if (isEnded()) return;
        end(phase instanceof Phase.Connected ? CallOutcome.ANSWERED : CallOutcome.INTERNAL_ERROR, "ARI connection lost");
    }

    @Override
    public void stop(String why) {
        if (isEnded()) return;
        end(phase instanceof Phase.Connected ? CallOutcome.ANSWERED : CallOutcome.SHUT_DOWN, why);
    }

    boolean isEnded() {
        return phase instanceof Phase.Ended;
    }

    MediaCounters counters() {
        return media.counters();
    }

    /** Ends the call once: releases media, declines or hangs up Telegram, hangs up the SIP side, then leaves the registry. */
    void end(CallOutcome outcome, String detail) {
        if (isEnded()) return;
        Phase previous = phase;
        phase = new Phase.Ended(outcome, detail);
        outcomeWait.cancel();
        clock.release();
        sipInStasis.tryFail("call ended");
        MediaCounters counters = counters();
        List<CompletableFuture<Void>> cleanup = new ArrayList<>();
        media.release(cleanup);
        switch (previous) {
            case Phase.Connecting c -> c.voice().close();
            case Phase.Connected c -> c.voice().close();
            default -> { }
        }
        // Before the answer this declines: TDLib's discardCall takes no reason, so the caller reads "declined".
        if (!telegramEnded) telegram.hangup();
        env.metrics().callEnded(outcome, meters);
        log.info("ended {} after {} ms: {}; {}", outcome.tag(), durationMs(), detail, counters.summary());
        if (originated && !sipGone) {
            // normal clearing: a phone still ringing sees a CANCEL, an answered one a BYE
            cleanup.add(media.quiet(env.ari().hangup(sipChannelId, SipLegOutcome.CALLER_GAVE_UP_CAUSE), "hang up SIP side"));
        }
        media.finishAfter(cleanup, this);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new HashMap<>();
        m.put("id", id);
        m.put("direction", "inbound");
        m.put("channel", sipChannelId);
        m.put("target", dial.channel().endpoint());
        m.put("caller", telegram.caller().id());
        m.put("line", line);
        m.put("state", phase.getClass().getSimpleName());
        m.put("startedAt", startedAt.toString());
        m.put("durationMs", durationMs());
        CallDescriptions.putMedia(m, counters());
        return m;
    }
}
