package org.tgari.gateway;

import io.vertx.core.Vertx;
import java.util.function.Function;
import org.tgari.logging.CallLog;
import org.tgari.ari.AriClient;
import org.tgari.config.GatewayConfig;
import org.tgari.gateway.media.AsteriskMediaLeg;
import org.tgari.telegram.TelegramLine;

/** What every call needs from the gateway; shared, immutable. */
record CallEnvironment(Vertx vertx, AriClient ari, TelegramLine line, GatewayConfig config, GatewayMetrics metrics,
                       Function<CallLog, AsteriskMediaLeg> legFactory, CallRegistry registry, ResourceIds ids) {

    /** The routing rules of the line the calls use (named by {@code telegram.line}). */
    org.tgari.routing.LineRouting lineRouting() {
        return config.routing().line(config.telegram().lineName());
    }

    /** The gateway's table of which call owns which channel. */
    interface CallRegistry {
        void claim(String channelId, GatewayCall call);

        /** Private chat messages from this Telegram user go to {@code call} ({@link GatewayCall#chatText}) until it finished. */
        void claimPeer(long telegramUserId, GatewayCall call);

        /**
         * What the user wrote to the line shortly before (ask mode's lookback, {@code line.<name>.inbound.ask.lookback}),
         * oldest first; handed out once.
         */
        java.util.List<org.tgari.routing.ChatText> recentTexts(long telegramUserId);

        void finished(GatewayCall call);
    }
}
