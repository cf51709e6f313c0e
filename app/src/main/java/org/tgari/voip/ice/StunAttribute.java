package org.tgari.voip.ice;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HexFormat;

/** One decoded STUN attribute (RFC 8489 §14, RFC 8445 §16.1). */
public sealed interface StunAttribute {

    int TYPE_USERNAME = 0x0006;
    int TYPE_MESSAGE_INTEGRITY = 0x0008;
    int TYPE_ERROR_CODE = 0x0009;
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

    /** ERROR-CODE (300..699) and reason phrase. */
    record ErrorCode(int code, String reason) implements StunAttribute {
        public static final int BAD_REQUEST = 400;
        public static final int UNAUTHORIZED = 401;
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
