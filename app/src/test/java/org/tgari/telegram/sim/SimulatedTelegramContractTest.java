package org.tgari.telegram.sim;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.tgari.routing.Target;
import org.tgari.telegram.TelegramLine;
import org.tgari.telegram.TelegramLineContract;
import org.tgari.telegram.TelegramUser;

/** The simulated Telegram network keeps the line contract. */
class SimulatedTelegramContractTest extends TelegramLineContract {

    @Override
    protected Network network() throws Exception {
        Vertx vertx = Vertx.vertx();
        var sim = new SimulatedTelegram(vertx, Duration.ofMillis(10));
        sim.start().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        return new Network() {
            @Override public TelegramLine line() { return sim; }
            @Override public Target knownTarget() { return Target.parse("@echo"); }
            @Override public TelegramUser knownUser() { return new TelegramUser(1001, "@echo"); }
            @Override public Target unknownTarget() { return Target.parse("@nobody"); }
            @Override public void userWrites(TelegramUser from, String text) { sim.deliverText(from.id(), text); }
            @Override public void userCalls(TelegramUser from) { sim.ringLine(from.id()); }
            @Override public boolean lastOfferedCallWasDeclined() { return sim.activeCalls() == 0; }
            @Override public void confirmQueuedMessages() { }

            @Override
            public void close() {
                sim.close();
                try {
                    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }
}
