package org.tgari.voip.signaling;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * tgcalls EncryptedConnection packet crypto: {@code msg_key(16) ‖ AES-256-CTR(plain)} keyed from the 256-byte call key.
 * One instance per direction pair of one call; not thread-safe (it reuses its digest and cipher).
 */
public final class SignalingCipher {
    public static final int KEY_SIZE = 256;
    public static final int MSG_KEY_SIZE = 16;
    /** tgcalls drops incoming packets outside [21, 128 KiB] before decrypting. */
    public static final int MIN_INCOMING_SIZE = 21;
    public static final int MAX_INCOMING_SIZE = 128 * 1024;

    /** Which EncryptedConnection flavour: the offset added to x. */
    public enum Kind {
        SIGNALING(128), TRANSPORT(0);

        private final int offset;

        Kind(int offset) {
            this.offset = offset;
        }
    }

    /** Result of {@link #decrypt}. */
    public sealed interface Decryption permits Decrypted, Rejected {}

    /** An authenticated plaintext. */
    public record Decrypted(byte[] plain) implements Decryption {}

    /** Why a packet was dropped. */
    public record Rejected(Reason reason) implements Decryption {}

    public enum Reason { BAD_SIZE, BAD_MSG_KEY }

    /** Derived AES-256 key and initial 128-bit counter block. */
    record KeyIv(byte[] key, byte[] iv) {}

    private final byte[] key;
    private final int sendX;
    private final int receiveX;
    private final MessageDigest sha256;
    private final Cipher aes;

    public SignalingCipher(byte[] key256, boolean isOutgoing, Kind kind) {
        Objects.requireNonNull(key256, "key256");
        if (key256.length != KEY_SIZE) {
            throw new IllegalArgumentException("call key must be 256 bytes, got " + key256.length);
        }
        this.key = key256.clone();
        // The caller encrypts with x=0 and decrypts with x=8 (+128 for signaling); the callee mirrors it.
        this.sendX = (isOutgoing ? 0 : 8) + kind.offset;
        this.receiveX = (isOutgoing ? 8 : 0) + kind.offset;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
            this.aes = Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks SHA-256 or AES/CTR", e);
        }
    }

    /** Encrypts {@code plain[off, off+len)} and returns {@code msg_key ‖ ciphertext}. */
    public byte[] encrypt(byte[] plain, int off, int len) {
        Objects.checkFromIndexSize(off, len, plain.length);
        byte[] out = new byte[MSG_KEY_SIZE + len];
        byte[] msgKey = msgKey(sendX, plain, off, len);
        System.arraycopy(msgKey, 0, out, 0, MSG_KEY_SIZE);
        ctr(deriveKeyIv(msgKey, sendX), plain, off, len, out, MSG_KEY_SIZE);
        return out;
    }

    public byte[] encrypt(byte[] plain) {
        return encrypt(plain, 0, plain.length);
    }

    /** Decrypts a peer packet and checks its msg_key in constant time; never throws on bad input. */
    public Decryption decrypt(byte[] packet) {
        if (packet == null || packet.length < MIN_INCOMING_SIZE || packet.length > MAX_INCOMING_SIZE) {
            return new Rejected(Reason.BAD_SIZE);
        }
        byte[] msgKey = Arrays.copyOf(packet, MSG_KEY_SIZE);
        int len = packet.length - MSG_KEY_SIZE;
        byte[] plain = new byte[len];
        ctr(deriveKeyIv(msgKey, receiveX), packet, MSG_KEY_SIZE, len, plain, 0);
        if (!MessageDigest.isEqual(msgKey, msgKey(receiveX, plain, 0, len))) {
            return new Rejected(Reason.BAD_MSG_KEY);
        }
        return new Decrypted(plain);
    }

    /** {@code SHA256(key[88+x, 88+x+32) ‖ plain)[8, 24)}. */
    byte[] msgKey(int x, byte[] plain, int off, int len) {
        sha256.update(key, 88 + x, 32);
        sha256.update(plain, off, len);
        return Arrays.copyOfRange(sha256.digest(), 8, 24);
    }

    /** The tgcalls KDF: a = SHA256(msg_key ‖ key[x,+36)), b = SHA256(key[40+x,+36) ‖ msg_key). */
    KeyIv deriveKeyIv(byte[] msgKey, int x) {
        sha256.update(msgKey, 0, MSG_KEY_SIZE);
        sha256.update(key, x, 36);
        byte[] a = sha256.digest();
        sha256.update(key, 40 + x, 36);
        sha256.update(msgKey, 0, MSG_KEY_SIZE);
        byte[] b = sha256.digest();
        byte[] aesKey = new byte[32];
        System.arraycopy(a, 0, aesKey, 0, 8);
        System.arraycopy(b, 8, aesKey, 8, 16);
        System.arraycopy(a, 24, aesKey, 24, 8);
        byte[] iv = new byte[16];
        System.arraycopy(b, 0, iv, 0, 4);
        System.arraycopy(a, 8, iv, 4, 8);
        System.arraycopy(b, 24, iv, 12, 4);
        return new KeyIv(aesKey, iv);
    }

    /** AES-256-CTR; the JDK's CTR mode increments the whole 16-byte block big-endian, exactly like OpenSSL's ctr128. */
    void ctr(KeyIv keyIv, byte[] in, int inOff, int len, byte[] out, int outOff) {
        try {
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keyIv.key(), "AES"), new IvParameterSpec(keyIv.iv()));
            int n = aes.doFinal(in, inOff, len, out, outOff);
            if (n != len) {
                throw new IllegalStateException("AES/CTR produced " + n + " of " + len + " bytes");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR failed on well-formed input", e);
        }
    }
}
