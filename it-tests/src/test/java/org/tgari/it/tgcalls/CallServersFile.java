package org.tgari.it.tgcalls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Writes the {@code --servers} file both implementations read: a JSON array of TDLib callServer objects. */
final class CallServersFile {

    private CallServersFile() {}

    /** A TURN server (callServerTypeWebrtc, TURN only): how TDLib hands out Telegram's WebRTC relays. */
    static Path turn(Path file, String address, int port, String user, String password) throws IOException {
        return write(file, "[{\"@type\":\"callServer\",\"id\":\"1\",\"ip_address\":\"" + address + "\",\"ipv6_address\":\"\",\"port\":" + port
                + ",\"type\":{\"@type\":\"callServerTypeWebrtc\",\"username\":\"" + user + "\",\"password\":\"" + password
                + "\",\"supports_turn\":true,\"supports_stun\":false}}]");
    }

    /**
     * A Telegram reflector with its 16-byte peer tag. Its id is a large one as Telegram's are: the
     * parties must agree on the index they derive from it, not on the id itself.
     */
    static Path reflector(Path file, String address, int port, byte[] peerTag) throws IOException {
        return write(file, "[{\"@type\":\"callServer\",\"id\":\"1000001\",\"ip_address\":\"" + address + "\",\"ipv6_address\":\"\",\"port\":" + port
                + ",\"type\":{\"@type\":\"callServerTypeTelegramReflector\",\"peer_tag\":\""
                + Base64.getEncoder().encodeToString(peerTag) + "\",\"is_tcp\":false}}]");
    }

    private static Path write(Path file, String json) throws IOException {
        Files.writeString(file, json);
        return file;
    }
}
