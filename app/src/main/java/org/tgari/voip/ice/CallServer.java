package org.tgari.voip.ice;

/**
 * A relay server Telegram hands out for one call (TDLib {@code callServer}): a Telegram reflector
 * (custom envelope, credential = peer tag) or a WebRTC STUN/TURN server.
 */
public sealed interface CallServer {

    long id();

    String ipAddress();

    String ipv6Address();

    int port();

    record TelegramReflector(long id, String ipAddress, String ipv6Address, int port, byte[] peerTag, boolean isTcp) implements CallServer {
        public TelegramReflector {
            peerTag = peerTag.clone();
        }

        @Override
        public byte[] peerTag() {
            return peerTag.clone();
        }
    }

    record Webrtc(long id, String ipAddress, String ipv6Address, int port, String username, String password,
                  boolean supportsTurn, boolean supportsStun) implements CallServer {}
}
