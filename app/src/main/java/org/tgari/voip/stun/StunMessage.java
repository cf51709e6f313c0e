package org.tgari.voip.stun;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** A parsed STUN message: type, transaction id, attributes, and the raw bytes needed to check MESSAGE-INTEGRITY. */
public final class StunMessage {
    public static final int BINDING = 0x001;
    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_INDICATION = 0x0011;
    public static final int BINDING_SUCCESS = 0x0101;
    public static final int BINDING_ERROR = 0x0111;

    private final int type;
    private final byte[] transactionId;
    private final List<StunAttribute> attributes;
    private final byte[] raw;
    private final int integrityOffset;

    StunMessage(int type, byte[] transactionId, List<StunAttribute> attributes, byte[] raw, int integrityOffset) {
        this.type = type;
        this.transactionId = transactionId;
        this.attributes = List.copyOf(attributes);
        this.raw = raw;
        this.integrityOffset = integrityOffset;
    }

    /**
     * Quick RFC 7983 demultiplexing test: leading bits 00, magic cookie, and a length field that
     * is a multiple of 4 and matches the datagram. Does not look at attributes.
     */
    public static boolean isStun(byte[] buf, int off, int len) {
        if (len < StunWire.HEADER || off < 0 || off + len > buf.length) return false;
        if ((buf[off] & 0xC0) != 0) return false;
        int bodyLength = StunWire.u16(buf, off + 2);
        return StunWire.u32(buf, off + 4) == StunWire.MAGIC_COOKIE
                && (bodyLength & 3) == 0
                && StunWire.HEADER + bodyLength == len;
    }

    /** Short-term credential key (RFC 8489 §9.1.1): the UTF-8 password; ICE passwords are ASCII so SASLprep is a no-op. */
    public static byte[] shortTermKey(String password) {
        return password.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Long-term credential key (RFC 8489 §9.2.2): MD5(username ":" realm ":" password). SASLprep is
     * skipped: TURN credentials from Telegram (and our test users) are ASCII, where it changes nothing.
     */
    public static byte[] longTermKey(String username, String realm, String password) {
        try {
            return MessageDigest.getInstance("MD5").digest((username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 missing from the JDK", e);
        }
    }

    /** A message type from a 12-bit method and a class (RFC 8489 §5: the class bits sit at 4 and 8). */
    public static int type(int method, StunMessageClass messageClass) {
        int c = messageClass.bits();
        return (method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2) | ((c & 1) << 4) | ((c & 2) << 7);
    }

    /** The 14-bit message type (method and class interleaved). */
    public int type() {
        return type;
    }

    /** The 12-bit method, e.g. {@link #BINDING}. */
    public int method() {
        return (type & 0x000F) | ((type & 0x00E0) >>> 1) | ((type & 0x3E00) >>> 2);
    }

    public StunMessageClass messageClass() {
        return StunMessageClass.ofBits(((type >>> 4) & 1) | ((type >>> 7) & 2));
    }

    public byte[] transactionId() {
        return transactionId.clone();
    }

    /** True if {@code id} (12 bytes) equals this message's transaction id. */
    public boolean hasTransactionId(byte[] id) {
        return Arrays.equals(transactionId, id);
    }

    /** Attributes in wire order; those after MESSAGE-INTEGRITY other than FINGERPRINT are dropped (RFC 8489 §14.5). */
    public List<StunAttribute> attributes() {
        return attributes;
    }

    /** The first attribute of the given kind. */
    public <T extends StunAttribute> Optional<T> attribute(Class<T> kind) {
        for (StunAttribute a : attributes) {
            if (kind.isInstance(a)) return Optional.of(kind.cast(a));
        }
        return Optional.empty();
    }

    /** Types of unknown comprehension-required attributes; a request carrying any must get a 420 (RFC 8489 §6.3.1). */
    public List<Integer> unknownComprehensionRequired() {
        return attributes.stream()
                .filter(a -> a instanceof StunAttribute.Unknown u && u.comprehensionRequired())
                .map(StunAttribute::type)
                .toList();
    }

    public boolean hasIntegrity() {
        return integrityOffset >= 0;
    }

    /** Checks MESSAGE-INTEGRITY with {@code key}; false when the attribute is absent or does not match. */
    public boolean verifyIntegrity(byte[] key) {
        if (integrityOffset < 0) return false;
        byte[] expected = StunWire.integrity(raw, integrityOffset, key);
        byte[] received = Arrays.copyOfRange(raw, integrityOffset + 4, integrityOffset + StunWire.INTEGRITY_ATTRIBUTE_LENGTH);
        return MessageDigest.isEqual(expected, received);
    }

    /** Length of the message on the wire. */
    public int length() {
        return raw.length;
    }

    @Override
    public String toString() {
        return "StunMessage[type=0x" + Integer.toHexString(type) + ", tid=" + HexFormat.of().formatHex(transactionId)
                + ", attributes=" + attributes + "]";
    }
}
