package org.tgari.voip.engine;

import java.util.List;
import java.util.Map;
import org.tgari.voip.ice.CallServer;

/**
 * What Telegram (TDLib {@code callStateReady}) gives the media engine for one call: the 256-byte
 * shared key, our role, the negotiated library version, relay servers, whether P2P is allowed and the
 * server's custom parameters.
 */
public record CallParams(byte[] encryptionKey, boolean isOutgoing, String libraryVersion, List<CallServer> servers,
                         boolean allowP2p, Map<String, String> customParameters) {
    public CallParams {
        if (encryptionKey.length != 256) throw new IllegalArgumentException("the call key is 256 bytes, got " + encryptionKey.length);
        encryptionKey = encryptionKey.clone();
        servers = List.copyOf(servers);
        customParameters = Map.copyOf(customParameters);
    }

    @Override
    public byte[] encryptionKey() {
        return encryptionKey.clone();
    }
}
