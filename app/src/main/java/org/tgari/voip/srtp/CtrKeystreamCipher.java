package org.tgari.voip.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-CM via the JDK's AES/CTR: re-initialised per packet (allocates an IvParameterSpec). Kept for the benchmark. */
final class CtrKeystreamCipher implements KeystreamCipher {
    private final Cipher aes;
    private final SecretKeySpec key;

    CtrKeystreamCipher(byte[] key) {
        try {
            this.key = new SecretKeySpec(key, "AES");
            aes = Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("AES/CTR unavailable: " + e.getMessage(), e);
        }
    }

    @Override
    public void xor(byte[] iv, byte[] buf, int off, int len) {
        if (len <= 0) return;
        try {
            aes.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            aes.doFinal(buf, off, len, buf, off);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR failed", e);
        }
    }
}
