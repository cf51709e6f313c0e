package org.tgari.voip.ice;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.util.function.BooleanSupplier;
import org.tgari.media.clock.GridTimers;

/**
 * What every base of one agent shares: the agent's Vert.x context and timers, the local address, the
 * call's name for log lines, and whether the agent is closed or still setting up (asked, not copied:
 * both change during the call).
 */
record BaseEnvironment(Vertx vertx, Context context, GridTimers timers, SecureRandom random, String hostAddress, boolean allowP2p,
                       String call, BooleanSupplier closed, BooleanSupplier settingUp) {

    boolean agentClosed() {
        return closed.getAsBoolean();
    }
}
