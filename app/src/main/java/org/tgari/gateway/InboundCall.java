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
import org.tgari.routing.ChatText;
import org.tgari.routing.ExtensionAsk;
import org.tgari.routing.InboundDecision;
import org.tgari.routing.IvrAction;
import org.tgari.routing.SipLegOutcome;
import org.tgari.telegram.CallListener;
import org.tgari.telegram.IncomingCall;
import org.tgari.telegram.VoiceChannel;

/**
 * One Telegram user calling a line. In {@code extension} mode tgari originates {@code Local/<ext>@<ctx>}
 * into its Stasis app and leaves the Telegram call unanswered (the caller hears ringing) until the SIP
 * side answers; only then it accepts the Telegram call and bridges the two like an outbound call. A SIP
 * side that ends before answering declines the Telegram call. In {@code ask} mode the same call has a
 * front part: tgari accepts at once, holds the caller in the bridge with only the ExternalMedia leg,
 * plays the prompt into it and reads the extension from the caller's chat messages ({@link ExtensionAsk});
 * the named extension is then originated as in extension mode, and joins the bridge when it answers.
 * Every method runs on the call's context.
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
    /** What an ask-mode caller hears while the named extension rings: Asterisk's ring tone of its default tone zone. */
    static final List<String> RINGBACK = List.of("tone:ring");
    /** How long a goodbye may play before the call ends anyway (Asterisk's report of its end lost). */
    private static final long GOODBYE_GUARD_MS = 60_000;

    /** Where the call stands. */
    sealed interface Phase {
        /** A phase in which the Telegram call is accepted: its voice is open until the call ends. */
        sealed interface Accepted extends Phase {
            VoiceChannel voice();
        }

        /** Ask mode: the Telegram call is being accepted at once. */
        record Accepting() implements Phase {}

        /** Ask mode: Telegram accepted; the ExternalMedia leg and the bridge that holds the caller are being set up. */
        record Holding(VoiceChannel voice) implements Accepted {}

        /** Ask mode: the caller hears the prompt and names an extension in a chat message. */
        record Asking(VoiceChannel voice, ExtensionAsk ask) implements Accepted {}

        /** Ask mode: the named extension is being dialled; the caller waits in the bridge. */
        record Dialling(VoiceChannel voice, ExtensionAsk ask) implements Accepted {}

        /** Extension mode: the SIP side is being dialled; the Telegram caller hears ringing. */
        record Originating() implements Phase {}

        /** Extension mode: the SIP side answered; the Telegram call is being accepted. */
        record Answering() implements Phase {}

        /** Both sides answered; the media path and bridge are being set up (ask mode: the SIP side joins the bridge). */
        record Connecting(VoiceChannel voice) implements Accepted {}

        /** Both sides talk; {@code dtmf} carries keypad presses across the gap. */
        record Connected(VoiceChannel voice, DtmfRelay dtmf) implements Accepted {}

        /** Ask mode: the caller hears the goodbye; the call ends with {@code outcome} when it finished. */
        record Leaving(VoiceChannel voice, CallOutcome outcome, String detail) implements Accepted {}

        record Ended(CallOutcome outcome, String detail) implements Phase {}
    }

    private final CallLog log;
    private final String id;
    private final IncomingCall telegram;
    private final InboundDecision decision;
    private final String line;
    private final CallEnvironment env;
    private final MediaClock clock;
    private final Context context;
    private final CallMedia media;
    // ask mode's prompts and ringback, played into the bridge that holds the caller
    private final ChannelPlayer prompt;
    private final long startNanos = System.nanoTime();
    private final java.time.Instant startedAt = java.time.Instant.now();

    private Phase phase;
    // what is dialled now (extension mode: from the start; ask mode: the last extension named, or null)
    private InboundDecision.Dial dial;
    // each dial has its own channel (ask mode dials again after a wrong extension) and its own flags
    private int attempt;
    private String sipChannelId;
    private Promise<Void> sipInStasis = Promise.promise();
    private boolean originated;
    private boolean sipGone;
    private boolean sipRang;
    private boolean telegramEnded;
    private AutoCloseable meters;
    private long answeredNanos;
    // ask mode: what the caller wrote before the call, and the latest text while the media came up
    private List<ChatText> textsBefore = List.of();
    private ChatText earlyText;
    private final DeadlineTimer askTimer;
    private final OutcomeWait outcomeWait;

    /** {@code decision} is a {@link InboundDecision.Dial} (extension mode) or an {@link InboundDecision.Ask}. */
    InboundCall(String id, IncomingCall telegram, InboundDecision decision, String line, CallEnvironment env, MediaClock clock) {
        if (decision instanceof InboundDecision.Decline) throw new IllegalArgumentException("a declined call is no InboundCall");
        this.id = id;
        this.telegram = telegram;
        this.decision = decision;
        this.dial = decision instanceof InboundDecision.Dial d ? d : null;
        this.phase = decision instanceof InboundDecision.Ask ? new Phase.Accepting() : new Phase.Originating();
        this.line = line;
        this.env = env;
        this.clock = clock;
        this.context = clock.context();
        this.log = CallLog.of(InboundCall.class, id);
        if (!telegram.telegramCallId().isEmpty()) log.telegramCall(telegram.telegramCallId());
        this.media = new CallMedia(id, log, env, clock);
        this.prompt = ChannelPlayer.intoBridge(env, log, context, id, media.bridgeId());
        this.sipChannelId = env.ids().inboundChannel(id);
        this.outcomeWait = new OutcomeWait(env.vertx());
        this.askTimer = new DeadlineTimer(env.vertx());
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

    /** Extension mode: dials the SIP side, the Telegram call keeps ringing. Ask mode: accepts the Telegram call. */
    void start() {
        env.metrics().callStarted();
        log.info("Telegram user {} ({}) calls line {}", telegram.caller().id(), telegram.caller().displayName(), line);
        switch (decision) {
            case InboundDecision.Dial d -> originate(d);
            case InboundDecision.Ask a -> {
                // claimed before the lookback is taken: a text arrives either among those or as chatText
                env.registry().claimPeer(telegram.caller().id(), this);
                textsBefore = env.registry().recentTexts(telegram.caller().id());
                log.info("accepting to ask for an extension ({} text(s) of the caller before the call)", textsBefore.size());
                telegram.answer();
            }
            case InboundDecision.Decline d -> throw new AssertionError();
        }
    }

    /** Originates {@code target} on a channel of its own; the outcome arrives as events on it. */
    private void originate(InboundDecision.Dial target) {
        dial = target;
        int mine = ++attempt;
        if (mine > 1) {
            sipChannelId = env.ids().inboundChannel(id, mine);
            env.registry().claim(sipChannelId, this);
        }
        originated = false;
        sipGone = false;
        sipRang = false;
        sipInStasis = Promise.promise();
        log.info("originating {} as {} showing {}", target.channel(), sipChannelId, target.callerId().asteriskForm());
        int timeoutSeconds = (int) Math.max(1, env.config().calls().noAnswerTimeout().toSeconds());
        var request = new OriginateRequest(sipChannelId, target.channel().endpoint(), env.config().ari().app(), APP_ARGS,
                target.callerId().asteriskForm(), target.variables(), timeoutSeconds, FORMATS);
        media.onContext(env.ari().originate(request)).onComplete(ar -> {
            // an earlier try's answer, come after its channel ended and the caller named another extension
            if (mine != attempt) return;
            if (ar.succeeded()) {
                originated = true;
                if (isEnded() && !sipGone) {
                    // the call ended while the originate was in flight: end() could not hang it up
                    media.quiet(env.ari().hangup(sipChannelId, SipLegOutcome.CALLER_GAVE_UP_CAUSE), "hang up SIP side originated after the end");
                }
                return;
            }
            sipGone = true;
            String why = "originate of " + target.channel() + " failed: " + ar.cause().getMessage();
            if (phase instanceof Phase.Dialling d) {
                log.info("{}; asking again", why);
                act(d.voice(), d.ask().rejected(nowMs()));
                return;
            }
            end(CallOutcome.INTERNAL_ERROR, why);
        });
    }

    @Override
    public void onEvent(AriEvent event) {
        if (media.onEvent(event, this::mediaGone)) return;
        if (prompt.onEvent(event)) return;
        if (!sipChannelId.equals(event.channelId())) return;
        switch (event) {
            case AriEvent.ChannelStateChange c when "Up".equals(c.state()) -> sipAnswered();
            case AriEvent.ChannelStateChange c when "Ringing".equals(c.state()) -> sipRang = true;
            case AriEvent.StasisStart s -> {
                sipInStasis.tryComplete();
                sipAnswered();
            }
            // a request without a cause is followed by ChannelDestroyed, which has one
            case AriEvent.ChannelHangupRequest h when h.cause() > 0 -> sipEnded(h.cause(), "hangup request, cause " + h.cause());
            case AriEvent.ChannelDestroyed d -> sipEnded(d.cause(), "channel destroyed, cause " + d.cause() + " " + d.causeText());
            case AriEvent.StasisEnd s -> sipEnded(16, "left Stasis");
            case AriEvent.ChannelDtmfReceived d when phase instanceof Phase.Connected c -> c.dtmf().sipDigit(d.digit());
            default -> { }
        }
    }

    private void sipAnswered() {
        if (phase instanceof Phase.Dialling d) {
            joinBridge(d.voice());
            return;
        }
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
        if (phase instanceof Phase.Dialling d) {
            dialFailed(d, cause, how);
            return;
        }
        // ask mode: the channel of an earlier try, or one that ended as the caller gave up; already counted
        if (phase instanceof Phase.Asking || phase instanceof Phase.Leaving) return;
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
        if (phase instanceof Phase.Accepting) {
            hold(voice);
            return;
        }
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
                    media.start();
                    connected(voice);
                });
    }

    private void connected(VoiceChannel voice) {
        phase = new Phase.Connected(voice, new DtmfRelay(log, env, sipChannelId, telegram.caller(), env.lineRouting().dtmfToChat()));
        env.registry().claimPeer(telegram.caller().id(), this);
        if (meters == null) meters = env.metrics().registerCall(id, this::counters);
        env.metrics().inboundSipLeg(SipLegOutcome.ANSWERED);
        log.info("connected ({} leg), {} ms after the SIP answer", media.legDescription(), (System.nanoTime() - answeredNanos) / 1_000_000);
    }

    // ---- ask mode: the front part, before the named extension answers ----

    /** The Telegram call was accepted at once: the caller waits in a bridge of their own and hears the prompt there. */
    private void hold(VoiceChannel voice) {
        phase = new Phase.Holding(voice);
        log.info("Telegram call accepted; setting up the media and the bridge that holds the caller");
        media.hold(this, voice, this::isEnded).onComplete(ar -> {
            if (isEnded()) return;
            if (ar.failed()) {
                end(CallOutcome.INTERNAL_ERROR, "media setup failed: " + ar.cause().getMessage());
                return;
            }
            media.start();
            meters = env.metrics().registerCall(id, this::counters);
            List<ChatText> texts = new ArrayList<>(textsBefore);
            if (earlyText != null) texts.add(earlyText);
            log.info("media up ({} leg); asking for an extension", media.legDescription());
            act(voice, ExtensionAsk.start(ask().settings(), texts, nowMs()));
        });
    }

    /**
     * A private chat message from the caller. While asked, it is the extension; during the media set-up the
     * latest is kept for when the asking starts.
     */
    @Override
    public void chatText(String text) {
        switch (phase) {
            case Phase.Accepting a -> earlyText = new ChatText(nowMs(), text);
            case Phase.Holding h -> earlyText = new ChatText(nowMs(), text);
            case Phase.Asking a -> act(a.voice(), a.ask().text(text, nowMs()));
            // keypad characters are played into the SIP side while both talk
            case Phase.Connected c -> c.dtmf().chatText(text);
            default -> log.debug("chat message from the caller ({} characters) ignored in phase {}", text.length(),
                    phase.getClass().getSimpleName());
        }
    }

    /** Carries out what the ask dialogue wants next. */
    private void act(VoiceChannel voice, ExtensionAsk.Step step) {
        cancelAskTimer();
        ExtensionAsk ask = step.next();
        switch (step.action()) {
            case IvrAction.Play p -> {
                phase = new Phase.Asking(voice, ask);
                log.info("try {} of {}: playing {}", ask.tryNumber(), ask.settings().tries(), p.prompts());
                prompt.play(ChannelPlayer.sounds(p.prompts()), this::askPromptDone);
            }
            case IvrAction.StopPrompt s -> {
                phase = new Phase.Asking(voice, ask);
                prompt.stop();
            }
            case IvrAction.Submit s -> {
                phase = new Phase.Dialling(voice, ask);
                log.info("the caller named extension {}", s.entry());
                // the prompt gives way to ringback: the caller is accepted already, and Telegram's own ringing is over
                prompt.play(RINGBACK, () -> { });
                originate(ask().dial(s.entry()));
            }
            case IvrAction.GiveUp g -> leave(voice, CallOutcome.INVALID_TARGET, g.reason(), g.prompts());
            case IvrAction.Wait w -> phase = new Phase.Asking(voice, ask);
        }
        if (phase instanceof Phase.Asking a) askTimer.at(a.ask().deadline(), this::askTick);
    }

    /** The try's prompt ended (or could not play): the try's time counts from now. */
    private void askPromptDone() {
        if (phase instanceof Phase.Asking a) act(a.voice(), new ExtensionAsk.Step(a.ask().promptDone(nowMs()), IvrAction.WAIT));
    }

    private void askTick() {
        if (phase instanceof Phase.Asking a) act(a.voice(), a.ask().tick(nowMs()));
    }

    /**
     * The named extension ended without answering. One that does not exist is a wrong answer and costs a try;
     * anything else (busy, no answer, unreachable) ends the call after the goodbye, with that outcome.
     */
    private void dialFailed(Phase.Dialling d, int cause, String how) {
        SipLegOutcome sip = SipLegOutcome.fromCause(cause);
        env.metrics().inboundSipLeg(sip);
        String why = "SIP side " + dial.channel() + ": " + sip.description() + " (" + how + ")";
        if (namesNobody(cause, sipRang)) {
            log.info("{}; asking again", why);
            act(d.voice(), d.ask().rejected(nowMs()));
            return;
        }
        leave(d.voice(), callOutcome(sip), why, ask().settings().goodbye());
    }

    /**
     * Whether an unanswered SIP side says the extension does not exist, rather than that it could not take the
     * call. Cause 0 is Asterisk failing to place the call at all: a {@code Local/} channel to an extension its
     * context lacks ends so at once, with no hang-up request before it (seen in AskModeIT). A channel that rang
     * named someone, whatever it ended with.
     */
    static boolean namesNobody(int q850Cause, boolean rang) {
        if (q850Cause == 0) return !rang;
        return SipLegOutcome.fromCause(q850Cause) == SipLegOutcome.NOT_FOUND;
    }

    /** The named extension answered: the ringback stops (Asterisk answered the stop), then it joins the caller's bridge. */
    private void joinBridge(VoiceChannel voice) {
        phase = new Phase.Connecting(voice);
        answeredNanos = System.nanoTime();
        log.info("SIP side {} answered; joining it to the caller's bridge", dial.channel());
        media.onContext(prompt.stop())
                .compose(v -> sipInStasis.future())
                .compose(v -> media.join(sipChannelId))
                .onComplete(ar -> {
                    if (isEnded()) return;
                    if (ar.failed()) {
                        setupFailed(ar.cause());
                        return;
                    }
                    connected(voice);
                });
    }

    /** The caller hears {@code prompts}, then the call ends with {@code outcome}. */
    private void leave(VoiceChannel voice, CallOutcome outcome, String detail, List<String> prompts) {
        phase = new Phase.Leaving(voice, outcome, detail);
        if (prompts.isEmpty()) {
            end(outcome, detail);
            return;
        }
        log.info("{}; playing {} before hanging up", detail, prompts);
        // ends the call when the goodbye finished, or could not be played
        prompt.play(ChannelPlayer.sounds(prompts), () -> {
            if (phase instanceof Phase.Leaving) end(outcome, detail);
        });
        // a guard: Asterisk reports every playback's end, but a call must not outlive a lost report
        askTimer.at(nowMs() + GOODBYE_GUARD_MS, () -> {
            if (phase instanceof Phase.Leaving) end(outcome, detail + " (the goodbye did not end in time)");
        });
    }

    private InboundDecision.Ask ask() {
        return (InboundDecision.Ask) decision;
    }

    private void cancelAskTimer() {
        askTimer.cancel();
    }

    /** The clock of the ask dialogue and of the texts kept before the call ({@link Gateway#recentTexts}). */
    private static long nowMs() {
        return DeadlineTimer.nowMs();
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
            case Phase.Leaving l -> end(l.outcome(), l.detail() + "; the caller hung up during the goodbye");
            case Phase.Accepting a -> askCallerGone(outcome, detail);
            case Phase.Holding h -> askCallerGone(outcome, detail);
            case Phase.Asking a -> askCallerGone(outcome, detail);
            case Phase.Dialling d -> askCallerGone(outcome, detail);
            // accepted but not yet connected: the caller hung up (TDLib says hung up before its engine ran,
            // "answered" after), as an outbound caller who leaves while being bridged
            default -> end(outcome == CallOutcome.ANSWERED || outcome == CallOutcome.DECLINED ? CallOutcome.CANCELLED : outcome,
                    "Telegram: " + detail);
        }
    }

    /** Ask mode: the Telegram call ended before the named extension answered; a hang-up is the caller giving up. */
    private void askCallerGone(CallOutcome outcome, String detail) {
        boolean hungUp = outcome == CallOutcome.ANSWERED || outcome == CallOutcome.CANCELLED;
        end(hungUp ? CallOutcome.CANCELLED : outcome, "the Telegram caller " + (hungUp ? "hung up" : "was lost") + " in " + state() + " (" + detail + ")");
    }

    private String state() {
        return phase.getClass().getSimpleName();
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
        cancelAskTimer();
        sipInStasis.tryFail("call ended");
        MediaCounters counters = counters();
        List<CompletableFuture<Void>> cleanup = new ArrayList<>();
        if (prompt.playing() != null) cleanup.add(media.quiet(prompt.stop(), "stop the prompt"));
        media.release(cleanup);
        if (previous instanceof Phase.Connected c) c.dtmf().close();
        if (previous instanceof Phase.Accepted a) a.voice().close();
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
        m.put("mode", decision instanceof InboundDecision.Ask ? "ask" : "extension");
        m.put("target", dial == null ? "" : dial.channel().endpoint());
        m.put("caller", telegram.caller().id());
        m.put("line", line);
        m.put("state", state());
        if (prompt.playing() != null) m.put("prompt", prompt.playing());
        m.put("startedAt", startedAt.toString());
        m.put("durationMs", durationMs());
        CallDescriptions.putMedia(m, counters());
        return m;
    }
}
