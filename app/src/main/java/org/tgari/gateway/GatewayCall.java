package org.tgari.gateway;

import io.vertx.core.Context;
import java.util.Map;
import org.tgari.ari.AriEvent;

/**
 * A call as the gateway routes it, whatever its direction: it owns some channels and a bridge, hears
 * their events on its own context, and ends on shutdown or when ARI is lost. Every method but the
 * getters runs on {@link #context()}.
 */
interface GatewayCall {

    String id();

    Context context();

    /** The SIP-side channel: the caller of an outbound call, the originated channel of an inbound one. */
    String sipChannelId();

    String mediaChannelId();

    String bridgeId();

    void onEvent(AriEvent event);

    /** The ARI connection dropped: Asterisk may be gone with all its channels, so release what is ours. */
    void ariLost();

    /** tgari stops: the call ends with {@code why} in its log. */
    void stop(String why);

    /**
     * A private chat message from the call's Telegram peer (claimed with {@link CallEnvironment.CallRegistry#claimPeer}):
     * digits to play as DTMF, or ask mode's extension. Ignored by default.
     */
    default void chatText(String text) { }

    /** What the admin API shows of the call. */
    Map<String, Object> describe();
}
