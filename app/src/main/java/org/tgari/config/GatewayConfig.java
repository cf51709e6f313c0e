package org.tgari.config;

import java.net.URI;
import java.time.Duration;

/** The whole configuration of one tgari process; built by {@link ConfigLoader}, immutable. */
public record GatewayConfig(Ari ari, Media media, Opus opus, Calls calls, Http http, Telegram telegram,
                            org.tgari.routing.Routing routing) {

    /** A configuration with the default routing (every line declines incoming calls). */
    public GatewayConfig(Ari ari, Media media, Opus opus, Calls calls, Http http, Telegram telegram) {
        this(ari, media, opus, calls, http, telegram, org.tgari.routing.Routing.DEFAULT);
    }

    /**
     * Where Asterisk's ARI is and which Stasis application tgari serves; {@code takeOver} lets this process
     * take the application from a live tgari that serves it (otherwise start-up is refused).
     */
    public record Ari(URI url, String user, String password, String app, Duration reconnectMax, boolean takeOver) {}

    /**
     * How audio reaches Asterisk: {@code transport} auto (chosen by Asterisk's version), rtp or websocket;
     * {@code rtpFormat} for the RTP transport (ulaw, alaw, slin); {@code bindHost} the address Asterisk
     * sends ExternalMedia RTP to (must be reachable from Asterisk).
     */
    public record Media(MediaTransport transport, RtpFormat rtpFormat, String bindHost, int jitterTargetMs, int jitterMaxMs) {}

    /** Opus encoder settings for audio toward Telegram. */
    public record Opus(int bitrate, int complexity, boolean inbandFec, int packetLossPercent) {}

    /** Call policy. */
    /** {@code drainTimeout}: how long a drain (SIGTERM, POST /drain) lets calls in progress go on before ending them. */
    public record Calls(Duration noAnswerTimeout, int maxConcurrent, Duration drainTimeout) {}

    /** The admin HTTP server (health, metrics). */
    /** The admin server; {@code token} (empty: none) opens {@code /calls} and {@code /drain} to a bearer of it. */
    public record Http(String host, int port, String token) {
        @Override
        public String toString() {
            return "Http[host=" + host + ", port=" + port + ", token=" + (token.isEmpty() ? "(none)" : "(set)") + "]";
        }
    }

    /**
     * Which Telegram network the gateway talks to: the simulated one (demo, tests) or a real line
     * through TDLib, with the user's own api_id/api_hash (never shipped), its data directory, the key that
     * encrypts TDLib's database, and where libtdjson is (empty: search the usual places). A phone number
     * that is not among the account's contacts is imported as a contact only when {@code importContacts}
     * allows it, because that changes the account's address book.
     */
    public record Telegram(TelegramMode mode, Sim sim, int apiId, String apiHash, String lineName, String dataDir,
                           String databaseKey, String tdjson, int tdlibLogVerbosity, boolean offline, boolean importContacts,
                           int lookupCacheSize, Duration lookupCacheTtl) {}

    /**
     * The simulated network: how long its users ring, the address its reflector listens on, the
     * command of an external far end for {@code @tgcalls} (blank: none), split at white space, and the
     * reflector's path: the share of packets it drops and the delay ± jitter it holds each one for,
     * drawn from {@code seed} (empty: a new seed each start).
     */
    public record Sim(Duration ringDelay, String reflectorHost, String externalPeer, int lossPercent, Duration delay, Duration jitter,
                      java.util.OptionalLong seed) {
        public java.util.List<String> externalPeerCommand() {
            return externalPeer.isBlank() ? java.util.List.of() : java.util.List.of(externalPeer.strip().split("\\s+"));
        }
    }

    public enum MediaTransport { AUTO, RTP, WEBSOCKET }

    public enum TelegramMode { SIMULATED, TDLIB }

    /** The static-payload formats Asterisk accepts back over RTP ExternalMedia. */
    public enum RtpFormat {
        ULAW("ulaw", 0, 8000, 1), ALAW("alaw", 8, 8000, 1), SLIN("slin", 10, 8000, 2);

        private final String asteriskName;
        private final int payloadType;
        private final int sampleRate;
        private final int bytesPerSample;

        RtpFormat(String asteriskName, int payloadType, int sampleRate, int bytesPerSample) {
            this.asteriskName = asteriskName;
            this.payloadType = payloadType;
            this.sampleRate = sampleRate;
            this.bytesPerSample = bytesPerSample;
        }

        public String asteriskName() { return asteriskName; }
        public int payloadType() { return payloadType; }
        public int sampleRate() { return sampleRate; }
        public int bytesPerSample() { return bytesPerSample; }
    }
}
