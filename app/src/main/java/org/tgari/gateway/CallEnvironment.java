package org.tgari.gateway;

import io.vertx.core.Vertx;
import java.util.function.Supplier;
import org.tgari.ari.AriClient;
import org.tgari.config.GatewayConfig;
import org.tgari.gateway.media.AsteriskMediaLeg;
import org.tgari.telegram.TelegramLine;

/** What every call needs from the gateway; shared, immutable. */
record CallEnvironment(Vertx vertx, AriClient ari, TelegramLine line, GatewayConfig config, GatewayMetrics metrics,
                       Supplier<AsteriskMediaLeg> legFactory, CallRegistry registry, ResourceIds ids) {

    /** The gateway's table of which call owns which channel. */
    interface CallRegistry {
        void claim(String channelId, GatewayCall call);

        void finished(GatewayCall call);
    }
}
