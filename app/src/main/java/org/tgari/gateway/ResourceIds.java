package org.tgari.gateway;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Names of what tgari creates in Asterisk (bridges, ExternalMedia channels). Asterisk outlives tgari,
 * so a per-process counter alone repeats after every restart and collides with what a crashed process
 * left behind; each process therefore adds a random instance tag. The common {@code tgari-} prefix lets
 * reconciliation recognise leftovers of any earlier process.
 */
public final class ResourceIds {

    /** Every id tgari gives an Asterisk object starts with this. */
    public static final String PREFIX = "tgari-";

    private final String instance;

    private ResourceIds(String instance) {
        this.instance = instance;
    }

    /** Ids for a new process: 8 random hex digits, so two processes agree on a name once in 4 billion. */
    public static ResourceIds random() {
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        return new ResourceIds(HexFormat.of().formatHex(b));
    }

    static ResourceIds withInstance(String instance) {
        return new ResourceIds(instance);
    }

    /** This process's tag, for logs and the ownership probe. */
    public String instance() {
        return instance;
    }

    String bridge(String callId) {
        return PREFIX + instance + "-br-" + callId;
    }

    String mediaChannel(String callId) {
        return PREFIX + instance + "-em-" + callId;
    }

    /** The channel an incoming Telegram call originates toward the SIP side (the Local channel's first half). */
    String inboundChannel(String callId) {
        return PREFIX + instance + "-in-" + callId;
    }

    /**
     * The channel of an ask-mode call's {@code attempt}-th dial (from 1): the first is {@link #inboundChannel},
     * later ones get their own id, so that a late event of an earlier try's channel is never taken for the new one's.
     */
    String inboundChannel(String callId, int attempt) {
        return attempt <= 1 ? inboundChannel(callId) : inboundChannel(callId) + "-" + attempt;
    }

    /** The {@code n}th playback of a call (prompts, tones): each its own, so a stopped one's end is told from the next one's. */
    String playback(String callId, int n) {
        return PREFIX + instance + "-pb-" + callId + "-" + n;
    }

    /** Whether some tgari process (this or an earlier one) named it. */
    static boolean isOurs(String id) {
        return id != null && id.startsWith(PREFIX);
    }
}
