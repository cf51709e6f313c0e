package org.tgari.it.tgcalls;

import java.nio.file.Path;

/** How the media of a call travels, and how our engine names such a path in its STATE connected line. */
public enum Route {
    /** Direct between the two namespaces (both parties with --allow-p2p, no servers). */
    P2P("host "),
    /** Relay only, through a real coturn. */
    TURN("TURN "),
    /** Relay only, through our Telegram reflector simulator. */
    REFLECTOR("reflector ");

    private final String ourPathPrefix;

    Route(String ourPathPrefix) {
        this.ourPathPrefix = ourPathPrefix;
    }

    /** The setup of a call of {@code seconds} on this route. */
    public InteropCall.Setup setup(String version, RelayServers relays, int seconds) {
        Path servers = switch (this) {
            case P2P -> null;
            case TURN -> relays.turnServers();
            case REFLECTOR -> relays.reflectorServers();
        };
        return new InteropCall.Setup(version, servers, this == P2P, seconds);
    }

    /** Whether our engine's "STATE connected PATH" names this route. */
    public boolean isOurPath(String path) {
        return path.startsWith(ourPathPrefix);
    }
}
