package org.tgari.voip.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/** RFC 3711 §4.3 key derivation with key_derivation_rate 0 (the only rate DTLS-SRTP uses). */
public final class SrtpKeyDerivation {
    public static final int LABEL_RTP_ENCRYPTION = 0x00;
    public static final int LABEL_RTP_AUTH = 0x01;
    public static final int LABEL_RTP_SALT = 0x02;
    public static final int LABEL_RTCP_ENCRYPTION = 0x03;
    public static final int LABEL_RTCP_AUTH = 0x04;
    public static final int LABEL_RTCP_SALT = 0x05;

    private SrtpKeyDerivation() {}

    /** PRF output of {@code length} bytes for {@code label}: AES-CM keyed by the master key, IV (salt ⊕ label·2^48)·2^16. */
    public static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) {
        if (masterSalt.length != SrtpKeys.MASTER_SALT_LENGTH) throw new IllegalArgumentException("master salt must be 14 bytes");
        byte[] counter = new byte[16];
        System.arraycopy(masterSalt, 0, counter, 0, 14);
        // key_id = label ‖ (index DIV kdr = 0, 48 bits) is right-aligned in the 112-bit salt, so the label lands on byte 7
        counter[7] ^= (byte) label;
        try {
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"));
            byte[] out = new byte[length];
            byte[] block = new byte[16];
            for (int j = 0, pos = 0; pos < length; j++, pos += 16) {
                counter[14] = (byte) (j >>> 8);
                counter[15] = (byte) j;
                aes.doFinal(counter, 0, 16, block, 0);
                System.arraycopy(block, 0, out, pos, Math.min(16, length - pos));
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("AES key rejected: " + e.getMessage(), e);
        }
    }
}
