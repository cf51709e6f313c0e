package org.tgari.voip.ice;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.util.function.BooleanSupplier;
import org.tgari.media.clock.GridTimers;
import org.tgari.voip.log.LogContext;

/**
 * What every base of one agent shares: the agent's Vert.x context and timers, the local address, the
 * call's log context (its name and the key-value pairs of its log lines), and whether the agent is closed or still setting up (asked, not copied:
 * both change during the call).
 */
record BaseEnvironment(Vertx vertx, Context context, GridTimers timers, SecureRandom random, String hostAddress, boolean allowP2p,
                       LogContext log, BooleanSupplier closed, BooleanSupplier settingUp) {

    /** The call as the text of its log lines names it. */
    String call() {
        return log.name();
    }

    boolean agentClosed() {
        return closed.getAsBoolean();
    }
}
