package org.tgari.voip.stun;

import java.security.GeneralSecurityException;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Byte-level constants and the two STUN checksums shared by parser and builder. */
final class StunWire {
    static final int HEADER = 20;
    static final int MAGIC_COOKIE = 0x2112A442;
    static final int TRANSACTION_ID_LENGTH = 12;
    static final int HMAC_LENGTH = 20;
    static final int INTEGRITY_ATTRIBUTE_LENGTH = 4 + HMAC_LENGTH;
    static final int FINGERPRINT_ATTRIBUTE_LENGTH = 8;
    /** RFC 8489 §14.7: the CRC is XORed with "STUN" so it never matches a plain CRC-32 of another protocol. */
    static final int FINGERPRINT_XOR = 0x5354554E;

    private StunWire() {}

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    static int u32(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    static long u64(byte[] b, int i) {
        return ((long) u32(b, i) << 32) | (u32(b, i + 4) & 0xFFFF_FFFFL);
    }

    static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    static void put32(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }

    static void put64(byte[] b, int i, long v) {
        put32(b, i, (int) (v >>> 32));
        put32(b, i + 4, (int) v);
    }

    static int padded(int length) {
        return (length + 3) & ~3;
    }

    /**
     * HMAC-SHA1 over {@code msg[0..end)} as if the header length field ended just after a
     * MESSAGE-INTEGRITY attribute placed at {@code end} (RFC 8489 §14.5).
     */
    static byte[] integrity(byte[] msg, int end, byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            // An empty password is legal for STUN but SecretKeySpec refuses empty keys; HMAC pads keys with zeros anyway.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA1"));
            byte[] header = new byte[4];
            put16(header, 0, u16(msg, 0));
            put16(header, 2, end - HEADER + INTEGRITY_ATTRIBUTE_LENGTH);
            mac.update(header);
            mac.update(msg, 4, end - 4);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 missing from the JDK", e);
        }
    }

    /** CRC-32 over {@code msg[0..end)} XOR 0x5354554E; the header length must already include the FINGERPRINT attribute. */
    static int fingerprint(byte[] msg, int off, int end) {
        CRC32 crc = new CRC32();
        crc.update(msg, off, end - off);
        return (int) crc.getValue() ^ FINGERPRINT_XOR;
    }
}
