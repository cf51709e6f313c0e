package org.tgari.voip.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-CM via AES/ECB over prebuilt counter blocks: one cipher call per packet, no per-packet
 * init, scratch buffers reused (grown only for packets above the preallocated size).
 */
final class EcbKeystreamCipher implements KeystreamCipher {
    private static final int INITIAL_BYTES = 2048;
    private final Cipher aes;
    private byte[] counters = new byte[INITIAL_BYTES];
    private byte[] keystream = new byte[INITIAL_BYTES];

    EcbKeystreamCipher(byte[] key) {
        try {
            aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("AES key rejected: " + e.getMessage(), e);
        }
    }

    @Override
    public void xor(byte[] iv, byte[] buf, int off, int len) {
        if (len <= 0) return;
        int blocks = (len + 15) >>> 4;
        int bytes = blocks << 4;
        if (bytes > counters.length) {
            counters = new byte[bytes];
            keystream = new byte[bytes];
        }
        // RFC 3711 counters only touch the low 16 bits of the IV, which the IV construction leaves zero.
        for (int j = 0, p = 0; j < blocks; j++, p += 16) {
            System.arraycopy(iv, 0, counters, p, 14);
            counters[p + 14] = (byte) (iv[14] ^ (j >>> 8));
            counters[p + 15] = (byte) (iv[15] ^ j);
        }
        try {
            aes.doFinal(counters, 0, bytes, keystream, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB failed on whole blocks", e);
        }
        for (int i = 0; i < len; i++) buf[off + i] ^= keystream[i];
    }
}
