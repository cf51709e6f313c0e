package org.tgari.voip.stun;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Builds a STUN message, appending MESSAGE-INTEGRITY and FINGERPRINT last. Not thread-safe; one message per builder. */
public final class StunMessageBuilder {
    private final int type;
    private final byte[] transactionId;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(128);
    private byte padding;

    private StunMessageBuilder(int type, byte[] transactionId) {
        if ((type & ~0x3FFF) != 0) throw new IllegalArgumentException("message type has more than 14 bits: " + type);
        if (transactionId.length != StunWire.TRANSACTION_ID_LENGTH) throw new IllegalArgumentException("transaction id must be 12 bytes");
        this.type = type;
        this.transactionId = transactionId.clone();
    }

    public static StunMessageBuilder of(int type, byte[] transactionId) {
        return new StunMessageBuilder(type, transactionId);
    }

    public static StunMessageBuilder bindingRequest(byte[] transactionId) {
        return of(StunMessage.BINDING_REQUEST, transactionId);
    }

    public static StunMessageBuilder bindingSuccess(byte[] transactionId) {
        return of(StunMessage.BINDING_SUCCESS, transactionId);
    }

    public static StunMessageBuilder bindingError(byte[] transactionId) {
        return of(StunMessage.BINDING_ERROR, transactionId);
    }

    /** Byte used to pad attribute values to 4; RFC 8489 allows any value (RFC 5769 uses 0x20). Default 0. */
    public StunMessageBuilder padding(int value) {
        this.padding = (byte) value;
        return this;
    }

    /** Appends one attribute; MESSAGE-INTEGRITY and FINGERPRINT are added by {@link #build}. */
    public StunMessageBuilder add(StunAttribute attribute) {
        switch (attribute) {
            case StunAttribute.Username u -> raw(u.type(), u.value().getBytes(StandardCharsets.UTF_8));
            case StunAttribute.Software s -> raw(s.type(), s.value().getBytes(StandardCharsets.UTF_8));
            case StunAttribute.Priority p -> raw(p.type(), u32((int) p.value()));
            case StunAttribute.UseCandidate u -> raw(u.type(), new byte[0]);
            case StunAttribute.IceControlled c -> raw(c.type(), u64(c.tieBreaker()));
            case StunAttribute.IceControlling c -> raw(c.type(), u64(c.tieBreaker()));
            case StunAttribute.ErrorCode e -> raw(e.type(), errorCode(e));
            case StunAttribute.XorMappedAddress x -> raw(x.type(), xorAddress(x.address()));
            case StunAttribute.XorPeerAddress x -> raw(x.type(), xorAddress(x.address()));
            case StunAttribute.XorRelayedAddress x -> raw(x.type(), xorAddress(x.address()));
            case StunAttribute.Lifetime l -> raw(l.type(), u32((int) l.seconds()));
            case StunAttribute.RequestedTransport r -> raw(r.type(), new byte[] {(byte) r.protocol(), 0, 0, 0});
            case StunAttribute.ChannelNumber c -> raw(c.type(), u32(c.number() << 16));
            case StunAttribute.Data d -> raw(d.type(), d.value());
            case StunAttribute.Realm r -> raw(r.type(), r.value().getBytes(StandardCharsets.UTF_8));
            case StunAttribute.Nonce n -> raw(n.type(), n.value().getBytes(StandardCharsets.UTF_8));
            case StunAttribute.Unknown u -> raw(u.type(), u.value());
            case StunAttribute.MessageIntegrity m -> throw new IllegalArgumentException("MESSAGE-INTEGRITY is added by build()");
            case StunAttribute.Fingerprint f -> throw new IllegalArgumentException("FINGERPRINT is added by build()");
        }
        return this;
    }

    /** Appends a raw attribute value. */
    public StunMessageBuilder raw(int attributeType, byte[] value) {
        if (value.length > 0xFFFF) throw new IllegalArgumentException("attribute value too long");
        byte[] header = new byte[4];
        StunWire.put16(header, 0, attributeType);
        StunWire.put16(header, 2, value.length);
        body.writeBytes(header);
        body.writeBytes(value);
        for (int i = value.length; i < StunWire.padded(value.length); i++) body.write(padding);
        return this;
    }

    /**
     * Serializes the message. {@code integrityKey} null means no MESSAGE-INTEGRITY; for ICE it is
     * {@link StunMessage#shortTermKey(String)} of the password of the agent that will verify it.
     */
    public byte[] build(byte[] integrityKey, boolean fingerprint) {
        int bodyLength = body.size()
                + (integrityKey != null ? StunWire.INTEGRITY_ATTRIBUTE_LENGTH : 0)
                + (fingerprint ? StunWire.FINGERPRINT_ATTRIBUTE_LENGTH : 0);
        if (bodyLength > 0xFFFF) throw new IllegalStateException("message too long");
        byte[] out = new byte[StunWire.HEADER + bodyLength];
        StunWire.put16(out, 0, type);
        StunWire.put16(out, 2, bodyLength);
        StunWire.put32(out, 4, StunWire.MAGIC_COOKIE);
        System.arraycopy(transactionId, 0, out, 8, StunWire.TRANSACTION_ID_LENGTH);
        int pos = StunWire.HEADER;
        byte[] attributes = body.toByteArray();
        System.arraycopy(attributes, 0, out, pos, attributes.length);
        pos += attributes.length;
        if (integrityKey != null) {
            byte[] hmac = StunWire.integrity(out, pos, integrityKey);
            StunWire.put16(out, pos, StunAttribute.TYPE_MESSAGE_INTEGRITY);
            StunWire.put16(out, pos + 2, StunWire.HMAC_LENGTH);
            System.arraycopy(hmac, 0, out, pos + 4, StunWire.HMAC_LENGTH);
            pos += StunWire.INTEGRITY_ATTRIBUTE_LENGTH;
        }
        if (fingerprint) {
            StunWire.put16(out, pos, StunAttribute.TYPE_FINGERPRINT);
            StunWire.put16(out, pos + 2, 4);
            StunWire.put32(out, pos + 4, StunWire.fingerprint(out, 0, pos));
        }
        return out;
    }

    private static byte[] u32(int v) {
        byte[] b = new byte[4];
        StunWire.put32(b, 0, v);
        return b;
    }

    private static byte[] u64(long v) {
        byte[] b = new byte[8];
        StunWire.put64(b, 0, v);
        return b;
    }

    private static byte[] errorCode(StunAttribute.ErrorCode e) {
        byte[] reason = e.reason().getBytes(StandardCharsets.UTF_8);
        byte[] b = Arrays.copyOf(new byte[4], 4 + reason.length);
        b[2] = (byte) (e.code() / 100);
        b[3] = (byte) (e.code() % 100);
        System.arraycopy(reason, 0, b, 4, reason.length);
        return b;
    }

    private byte[] xorAddress(InetSocketAddress address) {
        if (address.isUnresolved()) throw new IllegalArgumentException("an XOR address attribute needs an IP literal: " + address);
        byte[] ip = address.getAddress().getAddress();
        byte[] mask = StunParser.xorMask(transactionId);
        byte[] b = new byte[4 + ip.length];
        b[1] = (byte) (ip.length == 4 ? 0x01 : 0x02);
        StunWire.put16(b, 2, address.getPort() ^ (StunWire.MAGIC_COOKIE >>> 16));
        for (int i = 0; i < ip.length; i++) b[4 + i] = (byte) (ip[i] ^ mask[i]);
        return b;
    }
}
