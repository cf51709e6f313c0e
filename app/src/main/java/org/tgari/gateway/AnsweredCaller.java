package org.tgari.gateway;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.tgari.ari.AriEvent;
import org.tgari.logging.CallLog;
import org.tgari.routing.CallOutcome;
import org.tgari.routing.OutcomePrompts;

/**
 * A caller of {@code Stasis(app,ivr)}: answered at once so that it hears prompts and can send digits.
 * While the Telegram user's phone rings it hears a ringback tone; a Telegram call that fails is told in
 * prompts ({@link OutcomePrompts}), then the channel is hung up normally (a BYE: no SIP response is left
 * to carry a cause). A caller that was never picked up is hung up with the outcome's cause, as a dialled one.
 */
final class AnsweredCaller implements CallerSide {

    /** The longest a farewell may hold the channel: a playback whose end never arrives must not keep the call. */
    static final long FAREWELL_GUARD_MS = 15_000;

    private final CallEnvironment env;
    private final CallLog log;
    private final String channelId;
    private final OutcomePrompts prompts;
    private final ChannelPlayer player;
    private boolean pickedUp;
    private boolean gone;
    private CompletableFuture<Void> farewellPlayed;

    AnsweredCaller(CallEnvironment env, CallLog log, String channelId, OutcomePrompts prompts, ChannelPlayer player) {
        this.env = env;
        this.log = log;
        this.channelId = channelId;
        this.prompts = prompts;
        this.player = player;
    }

    /** What plays to the caller: the IVR's prompts go through it too, so one playback replaces the other. */
    ChannelPlayer player() {
        return player;
    }

    /** Answers the caller before anything is played to it. */
    CompletableFuture<Void> pickUp() {
        pickedUp = true;
        return env.ari().answer(channelId);
    }

    @Override
    public void telegramRinging() {
        // Telegram's ringing cannot reach an answered caller as a 180; the tone of indications.conf says it in band.
        player.play(List.of("tone:ring"), () -> { });
    }

    @Override
    public void telegramAnswered() {
        // Asterisk runs a channel's commands one at a time: bridging it would wait for an endless tone to end.
        player.stop();
    }

    @Override
    public CompletableFuture<Void> mediaUp() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public List<String> farewell(CallOutcome outcome) {
        return prompts.forOutcome(outcome);
    }

    @Override
    public CompletableFuture<Void> hangUp(CallOutcome outcome, List<String> farewell) {
        if (gone) return CompletableFuture.completedFuture(null);
        if (!pickedUp) return hangUpWith(outcome.q850Cause());
        if (farewell.isEmpty()) {
            player.stop();
            return hangUpWith(16);
        }
        var played = new CompletableFuture<Void>();
        farewellPlayed = played;
        long guard = env.vertx().setTimer(FAREWELL_GUARD_MS, t -> {
            if (played.complete(null)) log.info("farewell {} did not end within {} ms; hanging up", farewell, FAREWELL_GUARD_MS);
        });
        log.info("telling the caller '{}' ({}) before hanging up", outcome.tag(), String.join(", ", farewell));
        player.play(ChannelPlayer.sounds(farewell), () -> played.complete(null));
        return played.thenCompose(v -> {
            env.vertx().cancelTimer(guard);
            return gone ? CompletableFuture.completedFuture(null) : hangUpWith(16);
        });
    }

    private CompletableFuture<Void> hangUpWith(int cause) {
        return env.ari().hangup(channelId, cause).exceptionally(t -> {
            log.info("could not hang up caller: {}", t.getMessage());
            return null;
        });
    }

    @Override
    public boolean onEvent(AriEvent event) {
        return player.onEvent(event);
    }

    @Override
    public void hurry() {
        var played = farewellPlayed;
        if (played == null || played.isDone()) return;
        player.stop();
        played.complete(null);
    }

    @Override
    public void gone() {
        gone = true;
        player.stop();
        var played = farewellPlayed;
        if (played != null) played.complete(null);
    }
}
