package org.tgari.gateway;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.tgari.ari.AriEvent;
import org.tgari.logging.CallLog;
import org.tgari.routing.CallOutcome;

/**
 * A caller of {@code Stasis(app,dial,<target>)}: it hears ringing (180) until the Telegram media path
 * is up and is answered only then, so busy, declined or unknown users reach the phone as SIP failure
 * responses (the outcome's Q.850 cause).
 */
final class RingingCaller implements CallerSide {

    private final CallEnvironment env;
    private final CallLog log;
    private final String channelId;

    RingingCaller(CallEnvironment env, CallLog log, String channelId) {
        this.env = env;
        this.log = log;
        this.channelId = channelId;
    }

    @Override
    public void telegramRinging() {
        env.ari().ring(channelId).whenComplete((v, err) -> {
            if (err != null) log.warn("ring indication failed: {}", err.getMessage());
        });
    }

    @Override
    public void telegramAnswered() { }

    @Override
    public CompletableFuture<Void> mediaUp() {
        return env.ari().answer(channelId);
    }

    @Override
    public List<String> farewell(CallOutcome outcome) {
        return List.of();
    }

    @Override
    public CompletableFuture<Void> hangUp(CallOutcome outcome, List<String> farewell) {
        int cause = outcome == CallOutcome.ANSWERED ? 16 : outcome.q850Cause();
        return quiet(env.ari().hangup(channelId, cause));
    }

    private CompletableFuture<Void> quiet(CompletableFuture<Void> f) {
        return f.exceptionally(t -> {
            log.info("could not hang up caller: {}", t.getMessage());
            return null;
        });
    }

    @Override
    public boolean onEvent(AriEvent event) {
        return false;
    }

    @Override
    public void gone() { }

    @Override
    public void hurry() { }
}
