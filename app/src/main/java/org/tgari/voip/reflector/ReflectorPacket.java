package org.tgari.voip.reflector;

/** A datagram received from a Telegram reflector, classified by {@link ReflectorCodec#parse}. */
public sealed interface ReflectorPacket {

    /** A packet relayed from the peer whose R is {@code senderR}; the payload stays in the input buffer. */
    record Data(int senderR, int payloadOffset, int payloadLength) implements ReflectorPacket {
        public long senderRUnsigned() {
            return Integer.toUnsignedLong(senderR);
        }
    }

    /** The reflector's answer to a hello (bytes 16..27 all 0xFF): proves the port is alive, carries nothing. */
    record Pong() implements ReflectorPacket {}

    /** Not for us, or malformed. */
    record Rejected(String reason) implements ReflectorPacket {}
}
