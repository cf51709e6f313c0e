package org.tgari.voip.srtp;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * One direction of SRTP/SRTCP with AES_CM_128_HMAC_SHA1_80 (RFC 3711), working in place on
 * caller buffers. Not thread-safe: use each context from one thread (the media event loop).
 */
public final class SrtpContext {
    public static final int RTP_TAG_LENGTH = 10;
    /** SRTCP adds E‖index (4 bytes) and the tag. */
    public static final int RTCP_TRAILER_LENGTH = 4 + RTP_TAG_LENGTH;
    private static final int RTP_HEADER = 12;
    private static final int RTCP_HEADER = 8;
    private static final int STREAM_CAPACITY = 8;
    private static final int SRTCP_INDEX_MASK = 0x7FFF_FFFF;

    private final boolean sending;
    private final KeystreamCipher rtpCipher;
    private final KeystreamCipher rtcpCipher;
    private final Mac rtpMac;
    private final Mac rtcpMac;
    private final byte[] rtpSalt;
    private final byte[] rtcpSalt;
    private final SrtpStreams rtpStreams = new SrtpStreams(STREAM_CAPACITY);
    private final SrtpStreams rtcpStreams = new SrtpStreams(STREAM_CAPACITY);
    private final byte[] iv = new byte[16];
    private final byte[] mac = new byte[20];
    private final byte[] word = new byte[4];

    private SrtpContext(boolean sending, byte[] masterKey, byte[] masterSalt, Function<byte[], KeystreamCipher> cipherFactory) {
        if (masterKey.length != SrtpKeys.MASTER_KEY_LENGTH) throw new IllegalArgumentException("master key must be 16 bytes");
        if (masterSalt.length != SrtpKeys.MASTER_SALT_LENGTH) throw new IllegalArgumentException("master salt must be 14 bytes");
        this.sending = sending;
        rtpCipher = cipherFactory.apply(SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_ENCRYPTION, 16));
        rtcpCipher = cipherFactory.apply(SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTCP_ENCRYPTION, 16));
        rtpMac = hmac(SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_AUTH, 20));
        rtcpMac = hmac(SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTCP_AUTH, 20));
        rtpSalt = SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_SALT, 14);
        rtcpSalt = SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTCP_SALT, 14);
    }

    public static SrtpContext forSending(byte[] masterKey16, byte[] masterSalt14) {
        return new SrtpContext(true, masterKey16, masterSalt14, EcbKeystreamCipher::new);
    }

    public static SrtpContext forReceiving(byte[] masterKey16, byte[] masterSalt14) {
        return new SrtpContext(false, masterKey16, masterSalt14, EcbKeystreamCipher::new);
    }

    /** Same as the public factories but with a chosen AES-CM implementation (benchmark and cross-checks). */
    static SrtpContext create(boolean sending, byte[] masterKey, byte[] masterSalt, Function<byte[], KeystreamCipher> cipherFactory) {
        return new SrtpContext(sending, masterKey, masterSalt, cipherFactory);
    }

    /**
     * Encrypts and authenticates the RTP packet {@code buf[off, off+len)} in place; the buffer must have
     * {@link #RTP_TAG_LENGTH} spare bytes after it. Returns the SRTP length or {@link SrtpResult#MALFORMED}.
     */
    public int protectRtp(byte[] buf, int off, int len) {
        requireDirection(true);
        int header = rtpHeaderLength(buf, off, len);
        if (header < 0 || off + len + RTP_TAG_LENGTH > buf.length) return SrtpResult.MALFORMED;
        int seq = u16(buf, off + 2);
        int ssrc = u32(buf, off + 8);
        SrtpStreams.Stream stream = rtpStreams.find(ssrc);
        long index;
        if (stream == null) {
            stream = rtpStreams.claim(ssrc);
            index = seq;
        } else {
            index = SrtpStreams.estimateIndex(stream, seq);
            if (index < 0) return SrtpResult.MALFORMED;
        }
        if (index > stream.maxIndex || stream.window == 0) SrtpStreams.accept(stream, index);
        int roc = (int) (index >>> 16);
        rtpIv(rtpSalt, ssrc, index);
        rtpCipher.xor(iv, buf, off + header, len - header);
        rtpTag(buf, off, len, roc);
        System.arraycopy(mac, 0, buf, off + len, RTP_TAG_LENGTH);
        return len + RTP_TAG_LENGTH;
    }

    /** Verifies and decrypts the SRTP packet in place. Returns the RTP length or a negative {@link SrtpResult}. */
    public int unprotectRtp(byte[] buf, int off, int len) {
        requireDirection(false);
        if (len < RTP_HEADER + RTP_TAG_LENGTH || off < 0 || off + len > buf.length) return SrtpResult.MALFORMED;
        int body = len - RTP_TAG_LENGTH;
        int header = rtpHeaderLength(buf, off, body);
        if (header < 0) return SrtpResult.MALFORMED;
        int seq = u16(buf, off + 2);
        int ssrc = u32(buf, off + 8);
        SrtpStreams.Stream stream = rtpStreams.find(ssrc);
        long index;
        if (stream == null) {
            index = seq; // RFC 3711 §3.3.1: a new stream starts with ROC 0
        } else {
            index = SrtpStreams.estimateIndex(stream, seq);
            if (index < 0 || SrtpStreams.isReplay(stream, index)) return SrtpResult.REPLAY;
        }
        rtpTag(buf, off, body, (int) (index >>> 16));
        if (!tagMatches(buf, off + body)) return SrtpResult.AUTH_FAIL;
        if (stream == null) stream = rtpStreams.claim(ssrc);
        if (stream.window == 0) stream.maxIndex = index;
        SrtpStreams.accept(stream, index);
        rtpIv(rtpSalt, ssrc, index);
        rtpCipher.xor(iv, buf, off + header, body - header);
        return body;
    }

    /**
     * Encrypts and authenticates the (compound) RTCP packet in place; needs {@link #RTCP_TRAILER_LENGTH}
     * spare bytes. SRTCP indices start at 1, as libsrtp (and so WebRTC) sends them.
     */
    public int protectRtcp(byte[] buf, int off, int len) {
        requireDirection(true);
        if (len < RTCP_HEADER || off < 0 || off + len + RTCP_TRAILER_LENGTH > buf.length || !isVersion2(buf, off)) {
            return SrtpResult.MALFORMED;
        }
        int ssrc = u32(buf, off + 4);
        SrtpStreams.Stream stream = rtcpStreams.find(ssrc);
        if (stream == null) stream = rtcpStreams.claim(ssrc);
        long index = (stream.maxIndex + 1) & SRTCP_INDEX_MASK;
        stream.maxIndex = index;
        rtcpIv(ssrc, (int) index);
        rtcpCipher.xor(iv, buf, off + RTCP_HEADER, len - RTCP_HEADER);
        put32(buf, off + len, 0x8000_0000 | (int) index);
        rtcpTag(buf, off, len + 4);
        System.arraycopy(mac, 0, buf, off + len + 4, RTP_TAG_LENGTH);
        return len + RTCP_TRAILER_LENGTH;
    }

    /** Verifies and (if the E flag is set) decrypts SRTCP in place. Returns the RTCP length or a negative {@link SrtpResult}. */
    public int unprotectRtcp(byte[] buf, int off, int len) {
        requireDirection(false);
        if (len < RTCP_HEADER + RTCP_TRAILER_LENGTH || off < 0 || off + len > buf.length || !isVersion2(buf, off)) {
            return SrtpResult.MALFORMED;
        }
        int body = len - RTCP_TRAILER_LENGTH;
        int trailer = u32(buf, off + body);
        boolean encrypted = trailer < 0;
        long index = trailer & SRTCP_INDEX_MASK;
        int ssrc = u32(buf, off + 4);
        SrtpStreams.Stream stream = rtcpStreams.find(ssrc);
        if (stream != null && SrtpStreams.isReplay(stream, index)) return SrtpResult.REPLAY;
        rtcpTag(buf, off, body + 4);
        if (!tagMatches(buf, off + body + 4)) return SrtpResult.AUTH_FAIL;
        if (stream == null) {
            stream = rtcpStreams.claim(ssrc);
            stream.maxIndex = index;
        }
        SrtpStreams.accept(stream, index);
        if (encrypted) {
            rtcpIv(ssrc, (int) index);
            rtcpCipher.xor(iv, buf, off + RTCP_HEADER, body - RTCP_HEADER);
        }
        return body;
    }

    public boolean isSending() {
        return sending;
    }

    /** Fixed header + CSRCs + extension, or -1 if the packet is not RTP v2 or is truncated. */
    private static int rtpHeaderLength(byte[] buf, int off, int len) {
        if (off < 0 || len < RTP_HEADER || off + len > buf.length || !isVersion2(buf, off)) return -1;
        int header = RTP_HEADER + 4 * (buf[off] & 0x0F);
        if ((buf[off] & 0x10) != 0) {
            if (header + 4 > len) return -1;
            header += 4 + 4 * u16(buf, off + header + 2);
        }
        return header <= len ? header : -1;
    }

    /** IV = (k_s·2^16) ⊕ (SSRC·2^64) ⊕ (i·2^16), RFC 3711 §4.1.1. */
    private void rtpIv(byte[] salt, int ssrc, long index) {
        System.arraycopy(salt, 0, iv, 0, 14);
        iv[14] = 0;
        iv[15] = 0;
        iv[4] ^= (byte) (ssrc >>> 24);
        iv[5] ^= (byte) (ssrc >>> 16);
        iv[6] ^= (byte) (ssrc >>> 8);
        iv[7] ^= (byte) ssrc;
        for (int i = 0; i < 6; i++) iv[8 + i] ^= (byte) (index >>> (40 - 8 * i));
    }

    private void rtcpIv(int ssrc, int index) {
        rtpIv(rtcpSalt, ssrc, index & 0xFFFF_FFFFL);
    }

    /** HMAC-SHA1 over the authenticated portion ‖ ROC into {@link #mac}. */
    private void rtpTag(byte[] buf, int off, int len, int roc) {
        put32(word, 0, roc);
        rtpMac.update(buf, off, len);
        rtpMac.update(word, 0, 4);
        finish(rtpMac);
    }

    private void rtcpTag(byte[] buf, int off, int len) {
        rtcpMac.update(buf, off, len);
        finish(rtcpMac);
    }

    private void finish(Mac m) {
        try {
            m.doFinal(mac, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("20-byte scratch too small for HMAC-SHA1", e);
        }
    }

    /** Constant-time comparison of the received tag with the first 10 bytes of {@link #mac}. */
    private boolean tagMatches(byte[] buf, int at) {
        int diff = 0;
        for (int i = 0; i < RTP_TAG_LENGTH; i++) diff |= buf[at + i] ^ mac[i];
        return diff == 0;
    }

    private void requireDirection(boolean wantSending) {
        if (sending != wantSending) {
            throw new IllegalStateException(sending ? "sending context cannot unprotect" : "receiving context cannot protect");
        }
    }

    private static boolean isVersion2(byte[] buf, int off) {
        return (buf[off] & 0xC0) == 0x80;
    }

    private static Mac hmac(byte[] key) {
        try {
            Mac m = Mac.getInstance("HmacSHA1");
            m.init(new SecretKeySpec(key, "HmacSHA1"));
            return m;
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 missing from the JDK", e);
        }
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private static int u32(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    private static void put32(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }
}
