package org.tgari.voip.signaling;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * tgcalls' EncryptedConnection packet crypto with the call's 256-byte key: msg_key = SHA-256 of a key
 * slice and the plaintext (bytes 8..24), AES-256-CTR with key and IV derived from msg_key and the key
 * at offset x. Signaling uses x = 128 (caller sends) / 136 (callee sends); the transport type 0 / 8.
 * One instance per channel; not thread-safe (it reuses its digest and cipher).
 */
public final class SignalingCipher {

    /** Smallest packet tgcalls accepts: msg_key plus a 4-byte sequence and one byte. */
    public static final int MIN_PACKET = 21;
    /** Largest packet tgcalls accepts. */
    public static final int MAX_INCOMING = 128 * 1024;

    private final byte[] key;
    private final int sendX;
    private final int receiveX;
    private final MessageDigest sha256;
    private final Cipher aes;

    /** @param signaling true for signaling (x + 128), false for the transport type. */
    public SignalingCipher(byte[] key256, boolean isOutgoing, boolean signaling) {
        if (key256.length != 256) throw new IllegalArgumentException("the call key is 256 bytes");
        this.key = key256.clone();
        int base = signaling ? 128 : 0;
        this.sendX = (isOutgoing ? 0 : 8) + base;
        this.receiveX = (isOutgoing ? 8 : 0) + base;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
            this.aes = Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA-256 or AES/CTR", e);
        }
    }

    /** Key and IV for one packet. */
    record AesKeyIv(byte[] key, byte[] iv) {}

    /** The KDF of tgcalls' PrepareAesKeyIv. */
    AesKeyIv derive(byte[] msgKey, int msgKeyOff, int x) {
        sha256.update(msgKey, msgKeyOff, 16);
        sha256.update(key, x, 36);
        byte[] a = sha256.digest();
        sha256.update(key, 40 + x, 36);
        sha256.update(msgKey, msgKeyOff, 16);
        byte[] b = sha256.digest();
        byte[] k = new byte[32];
        System.arraycopy(a, 0, k, 0, 8);
        System.arraycopy(b, 8, k, 8, 16);
        System.arraycopy(a, 24, k, 24, 8);
        byte[] iv = new byte[16];
        System.arraycopy(b, 0, iv, 0, 4);
        System.arraycopy(a, 8, iv, 4, 8);
        System.arraycopy(b, 24, iv, 12, 4);
        return new AesKeyIv(k, iv);
    }

    private void msgKey(byte[] plain, int off, int len, int x, byte[] out, int outOff) {
        sha256.update(key, 88 + x, 32);
        sha256.update(plain, off, len);
        byte[] large = sha256.digest();
        System.arraycopy(large, 8, out, outOff, 16);
    }

    void ctr(AesKeyIv kiv, byte[] in, int inOff, int len, byte[] out, int outOff) {
        try {
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kiv.key(), "AES"), new IvParameterSpec(kiv.iv()));
            aes.doFinal(in, inOff, len, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR failed", e);
        }
    }

    /** Encrypts a whole plaintext (sequence header included) into msg_key ‖ ciphertext. */
    public byte[] encrypt(byte[] plain) {
        byte[] out = new byte[16 + plain.length];
        msgKey(plain, 0, plain.length, sendX, out, 0);
        ctr(derive(out, 0, sendX), plain, 0, plain.length, out, 16);
        return out;
    }

    /** Decrypts and authenticates a packet; null when its size is out of bounds or msg_key does not match. */
    public byte[] decrypt(byte[] packet) {
        if (packet == null || packet.length < MIN_PACKET || packet.length > MAX_INCOMING) return null;
        byte[] plain = new byte[packet.length - 16];
        ctr(derive(packet, 0, receiveX), packet, 16, plain.length, plain, 0);
        byte[] check = new byte[16];
        msgKey(plain, 0, plain.length, receiveX, check, 0);
        return MessageDigest.isEqual(java.util.Arrays.copyOf(packet, 16), check) ? plain : null;
    }
}
