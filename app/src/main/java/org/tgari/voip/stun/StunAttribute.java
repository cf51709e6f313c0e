package org.tgari.voip.stun;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HexFormat;

/** One decoded STUN attribute (RFC 8489 §14, RFC 8445 §16.1, TURN's from RFC 8656 §18). */
public sealed interface StunAttribute {

    int TYPE_USERNAME = 0x0006;
    int TYPE_MESSAGE_INTEGRITY = 0x0008;
    int TYPE_ERROR_CODE = 0x0009;
    int TYPE_CHANNEL_NUMBER = 0x000C;
    int TYPE_LIFETIME = 0x000D;
    int TYPE_XOR_PEER_ADDRESS = 0x0012;
    int TYPE_DATA = 0x0013;
    int TYPE_REALM = 0x0014;
    int TYPE_NONCE = 0x0015;
    int TYPE_XOR_RELAYED_ADDRESS = 0x0016;
    int TYPE_REQUESTED_TRANSPORT = 0x0019;
    int TYPE_XOR_MAPPED_ADDRESS = 0x0020;
    int TYPE_PRIORITY = 0x0024;
    int TYPE_USE_CANDIDATE = 0x0025;
    int TYPE_SOFTWARE = 0x8022;
    int TYPE_FINGERPRINT = 0x8028;
    int TYPE_ICE_CONTROLLED = 0x8029;
    int TYPE_ICE_CONTROLLING = 0x802A;

    /** Wire type of this attribute. */
    int type();

    /** USERNAME: {@code remoteUfrag:localUfrag} in ICE checks. */
    record Username(String value) implements StunAttribute {
        public int type() { return TYPE_USERNAME; }
    }

    /** MESSAGE-INTEGRITY as received (HMAC-SHA1, 20 bytes); verify with {@link StunMessage#verifyIntegrity}. */
    record MessageIntegrity(byte[] hmac) implements StunAttribute {
        public MessageIntegrity { hmac = hmac.clone(); }
        @Override public byte[] hmac() { return hmac.clone(); }
        public int type() { return TYPE_MESSAGE_INTEGRITY; }
        @Override public boolean equals(Object o) { return o instanceof MessageIntegrity m && Arrays.equals(hmac, m.hmac); }
        @Override public int hashCode() { return Arrays.hashCode(hmac); }
        @Override public String toString() { return "MessageIntegrity[" + HexFormat.of().formatHex(hmac) + "]"; }
    }

    /** FINGERPRINT value as received; the parser has already checked it. */
    record Fingerprint(int crc) implements StunAttribute {
        public int type() { return TYPE_FINGERPRINT; }
    }

    /** XOR-MAPPED-ADDRESS, already un-XORed. */
    record XorMappedAddress(InetSocketAddress address) implements StunAttribute {
        public int type() { return TYPE_XOR_MAPPED_ADDRESS; }
    }

    /** PRIORITY: the peer-reflexive priority the checking agent would assign (u32). */
    record Priority(long value) implements StunAttribute {
        public Priority {
            if (value < 0 || value > 0xFFFF_FFFFL) throw new IllegalArgumentException("priority out of u32 range: " + value);
        }
        public int type() { return TYPE_PRIORITY; }
    }

    /** USE-CANDIDATE flag (nominates the pair). */
    record UseCandidate() implements StunAttribute {
        public int type() { return TYPE_USE_CANDIDATE; }
    }

    /** ICE-CONTROLLED with the sender's 64-bit tie-breaker. */
    record IceControlled(long tieBreaker) implements StunAttribute {
        public int type() { return TYPE_ICE_CONTROLLED; }
    }

    /** ICE-CONTROLLING with the sender's 64-bit tie-breaker. */
    record IceControlling(long tieBreaker) implements StunAttribute {
        public int type() { return TYPE_ICE_CONTROLLING; }
    }

    /** XOR-PEER-ADDRESS (TURN): the peer a permission, channel or indication is about. */
    record XorPeerAddress(InetSocketAddress address) implements StunAttribute {
        public int type() { return TYPE_XOR_PEER_ADDRESS; }
    }

    /** XOR-RELAYED-ADDRESS (TURN): the address the server allocated for us. */
    record XorRelayedAddress(InetSocketAddress address) implements StunAttribute {
        public int type() { return TYPE_XOR_RELAYED_ADDRESS; }
    }

    /** LIFETIME in seconds (u32); 0 in a Refresh deletes the allocation. */
    record Lifetime(long seconds) implements StunAttribute {
        public Lifetime {
            if (seconds < 0 || seconds > 0xFFFF_FFFFL) throw new IllegalArgumentException("lifetime out of u32 range: " + seconds);
        }
        public int type() { return TYPE_LIFETIME; }
    }

    /** REQUESTED-TRANSPORT: the IP protocol number of the relay (17 for UDP). */
    record RequestedTransport(int protocol) implements StunAttribute {
        public static final int UDP = 17;
        public RequestedTransport {
            if (protocol < 0 || protocol > 255) throw new IllegalArgumentException("protocol out of range: " + protocol);
        }
        public int type() { return TYPE_REQUESTED_TRANSPORT; }
    }

    /** CHANNEL-NUMBER: 0x4000..0x4FFF (RFC 8656 §12). */
    record ChannelNumber(int number) implements StunAttribute {
        public static final int MIN = 0x4000;
        public static final int MAX = 0x4FFF;
        public ChannelNumber {
            if (number < MIN || number > MAX) throw new IllegalArgumentException("channel number out of range: 0x" + Integer.toHexString(number));
        }
        public int type() { return TYPE_CHANNEL_NUMBER; }
    }

    /** DATA: the application payload of a Send or Data indication. */
    record Data(byte[] value) implements StunAttribute {
        public Data { value = value.clone(); }
        @Override public byte[] value() { return value.clone(); }
        public int type() { return TYPE_DATA; }
        @Override public boolean equals(Object o) { return o instanceof Data d && Arrays.equals(value, d.value); }
        @Override public int hashCode() { return Arrays.hashCode(value); }
        @Override public String toString() { return "Data[" + value.length + " bytes]"; }
    }

    /** REALM of long-term credentials. */
    record Realm(String value) implements StunAttribute {
        public int type() { return TYPE_REALM; }
    }

    /** NONCE the server wants echoed in authenticated requests. */
    record Nonce(String value) implements StunAttribute {
        public int type() { return TYPE_NONCE; }
    }

    /** ERROR-CODE (300..699) and reason phrase. */
    record ErrorCode(int code, String reason) implements StunAttribute {
        public static final int BAD_REQUEST = 400;
        public static final int UNAUTHORIZED = 401;
        public static final int FORBIDDEN = 403;
        public static final int ALLOCATION_MISMATCH = 437;
        public static final int STALE_NONCE = 438;
        public static final int INSUFFICIENT_CAPACITY = 508;
        public static final int UNKNOWN_ATTRIBUTE = 420;
        public static final int ROLE_CONFLICT = 487;

        public ErrorCode {
            if (code < 300 || code > 699) throw new IllegalArgumentException("error code out of range: " + code);
        }
        public int type() { return TYPE_ERROR_CODE; }
    }

    /** SOFTWARE description. */
    record Software(String value) implements StunAttribute {
        public int type() { return TYPE_SOFTWARE; }
    }

    /** Any attribute this codec does not interpret, kept verbatim. */
    record Unknown(int type, byte[] value) implements StunAttribute {
        public Unknown { value = value.clone(); }
        @Override public byte[] value() { return value.clone(); }
        /** Types below 0x8000 must be understood by the receiver (RFC 8489 §14). */
        public boolean comprehensionRequired() { return type < 0x8000; }
        @Override public boolean equals(Object o) { return o instanceof Unknown u && type == u.type && Arrays.equals(value, u.value); }
        @Override public int hashCode() { return 31 * type + Arrays.hashCode(value); }
        @Override public String toString() {
            return "Unknown[type=0x" + Integer.toHexString(type) + ", value=" + HexFormat.of().formatHex(value) + "]";
        }
    }
}
