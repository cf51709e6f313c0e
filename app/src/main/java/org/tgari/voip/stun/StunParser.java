package org.tgari.voip.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Parses one datagram into a {@link StunMessage}; never throws on malformed input. */
public final class StunParser {
    private static final int MAX_USERNAME = 513;
    private static final int MAX_SOFTWARE = 763;
    /** RFC 8489 §14.9/14.10: fewer than 128 characters, up to 763 bytes. */
    private static final int MAX_REALM_OR_NONCE = 763;

    private StunParser() {}

    public static StunParseResult parse(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 0 || off + len > buf.length) return reject("bounds outside buffer");
        if (len < StunWire.HEADER) return reject("shorter than STUN header");
        if ((buf[off] & 0xC0) != 0) return reject("leading bits not 00");
        if (StunWire.u32(buf, off + 4) != StunWire.MAGIC_COOKIE) return reject("bad magic cookie");
        int bodyLength = StunWire.u16(buf, off + 2);
        if ((bodyLength & 3) != 0) return reject("length not a multiple of 4");
        if (StunWire.HEADER + bodyLength != len) return reject("length field " + bodyLength + " does not match datagram of " + len);

        byte[] raw = Arrays.copyOfRange(buf, off, off + len);
        int type = StunWire.u16(raw, 0);
        byte[] tid = Arrays.copyOfRange(raw, 8, 8 + StunWire.TRANSACTION_ID_LENGTH);
        List<StunAttribute> attributes = new ArrayList<>();
        int integrityOffset = -1;
        boolean fingerprintSeen = false;
        int pos = StunWire.HEADER;
        while (pos < len) {
            if (fingerprintSeen) return reject("attribute after FINGERPRINT");
            if (pos + 4 > len) return reject("truncated attribute header at " + pos);
            int attrType = StunWire.u16(raw, pos);
            int valueLength = StunWire.u16(raw, pos + 2);
            int valueStart = pos + 4;
            if (valueStart + StunWire.padded(valueLength) > len) return reject("attribute 0x" + Integer.toHexString(attrType) + " overruns message");
            if (attrType == StunAttribute.TYPE_FINGERPRINT) {
                if (valueLength != 4) return reject("FINGERPRINT length " + valueLength);
                int expected = StunWire.fingerprint(raw, 0, pos);
                int received = StunWire.u32(raw, valueStart);
                if (expected != received) return reject("bad fingerprint");
                attributes.add(new StunAttribute.Fingerprint(received));
                fingerprintSeen = true;
            } else if (integrityOffset >= 0) {
                // RFC 8489 §14.5: only FINGERPRINT may follow MESSAGE-INTEGRITY; anything else is ignored.
            } else if (attrType == StunAttribute.TYPE_MESSAGE_INTEGRITY) {
                if (valueLength != StunWire.HMAC_LENGTH) return reject("MESSAGE-INTEGRITY length " + valueLength);
                integrityOffset = pos;
                attributes.add(new StunAttribute.MessageIntegrity(Arrays.copyOfRange(raw, valueStart, valueStart + valueLength)));
            } else {
                StunAttribute decoded = decode(attrType, raw, valueStart, valueLength, tid);
                if (decoded == null) return reject("malformed attribute 0x" + Integer.toHexString(attrType));
                attributes.add(decoded);
            }
            pos = valueStart + StunWire.padded(valueLength);
        }
        return new StunParseResult.Parsed(new StunMessage(type, tid, attributes, raw, integrityOffset));
    }

    /** Decodes one non-checksum attribute; null when its value is malformed. */
    private static StunAttribute decode(int type, byte[] b, int at, int length, byte[] tid) {
        return switch (type) {
            case StunAttribute.TYPE_USERNAME -> length <= MAX_USERNAME ? new StunAttribute.Username(utf8(b, at, length)) : null;
            case StunAttribute.TYPE_SOFTWARE -> length <= MAX_SOFTWARE ? new StunAttribute.Software(utf8(b, at, length)) : null;
            case StunAttribute.TYPE_PRIORITY -> length == 4 ? new StunAttribute.Priority(StunWire.u32(b, at) & 0xFFFF_FFFFL) : null;
            case StunAttribute.TYPE_USE_CANDIDATE -> length == 0 ? new StunAttribute.UseCandidate() : null;
            case StunAttribute.TYPE_ICE_CONTROLLED -> length == 8 ? new StunAttribute.IceControlled(StunWire.u64(b, at)) : null;
            case StunAttribute.TYPE_ICE_CONTROLLING -> length == 8 ? new StunAttribute.IceControlling(StunWire.u64(b, at)) : null;
            case StunAttribute.TYPE_ERROR_CODE -> errorCode(b, at, length);
            case StunAttribute.TYPE_XOR_MAPPED_ADDRESS -> wrap(xorAddress(b, at, length, tid), StunAttribute.XorMappedAddress::new);
            case StunAttribute.TYPE_XOR_PEER_ADDRESS -> wrap(xorAddress(b, at, length, tid), StunAttribute.XorPeerAddress::new);
            case StunAttribute.TYPE_XOR_RELAYED_ADDRESS -> wrap(xorAddress(b, at, length, tid), StunAttribute.XorRelayedAddress::new);
            case StunAttribute.TYPE_LIFETIME -> length == 4 ? new StunAttribute.Lifetime(StunWire.u32(b, at) & 0xFFFF_FFFFL) : null;
            case StunAttribute.TYPE_REQUESTED_TRANSPORT -> length == 4 ? new StunAttribute.RequestedTransport(b[at] & 0xFF) : null;
            case StunAttribute.TYPE_CHANNEL_NUMBER -> length == 4 && StunWire.u16(b, at) >= StunAttribute.ChannelNumber.MIN
                    && StunWire.u16(b, at) <= StunAttribute.ChannelNumber.MAX ? new StunAttribute.ChannelNumber(StunWire.u16(b, at)) : null;
            case StunAttribute.TYPE_DATA -> new StunAttribute.Data(Arrays.copyOfRange(b, at, at + length));
            case StunAttribute.TYPE_REALM -> length <= MAX_REALM_OR_NONCE ? new StunAttribute.Realm(utf8(b, at, length)) : null;
            case StunAttribute.TYPE_NONCE -> length <= MAX_REALM_OR_NONCE ? new StunAttribute.Nonce(utf8(b, at, length)) : null;
            default -> new StunAttribute.Unknown(type, Arrays.copyOfRange(b, at, at + length));
        };
    }

    private static StunAttribute errorCode(byte[] b, int at, int length) {
        if (length < 4) return null;
        int errorClass = b[at + 2] & 0x07;
        int number = b[at + 3] & 0xFF;
        if (errorClass < 3 || errorClass > 6 || number > 99) return null;
        return new StunAttribute.ErrorCode(errorClass * 100 + number, utf8(b, at + 4, length - 4));
    }

    private static StunAttribute wrap(InetSocketAddress address, java.util.function.Function<InetSocketAddress, StunAttribute> kind) {
        return address == null ? null : kind.apply(address);
    }

    /** The XOR-*-ADDRESS value layout shared by mapped, peer and relayed addresses; null when malformed. */
    private static InetSocketAddress xorAddress(byte[] b, int at, int length, byte[] tid) {
        if (length < 4) return null;
        int family = b[at + 1] & 0xFF;
        int addressLength = switch (family) {
            case 0x01 -> 4;
            case 0x02 -> 16;
            default -> -1;
        };
        if (addressLength < 0 || length != 4 + addressLength) return null;
        int port = StunWire.u16(b, at + 2) ^ (StunWire.MAGIC_COOKIE >>> 16);
        byte[] address = new byte[addressLength];
        byte[] mask = xorMask(tid);
        for (int i = 0; i < addressLength; i++) {
            address[i] = (byte) (b[at + 4 + i] ^ mask[i]);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            return null; // unreachable: the length is always 4 or 16
        }
    }

    /** Magic cookie followed by the transaction id: the XOR pad for addresses (RFC 8489 §14.2). */
    static byte[] xorMask(byte[] tid) {
        byte[] mask = new byte[16];
        StunWire.put32(mask, 0, StunWire.MAGIC_COOKIE);
        System.arraycopy(tid, 0, mask, 4, StunWire.TRANSACTION_ID_LENGTH);
        return mask;
    }

    private static String utf8(byte[] b, int at, int length) {
        return new String(b, at, length, StandardCharsets.UTF_8);
    }

    private static StunParseResult reject(String reason) {
        return new StunParseResult.Rejected(reason);
    }
}
