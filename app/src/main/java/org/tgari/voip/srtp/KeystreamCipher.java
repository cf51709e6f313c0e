package org.tgari.voip.srtp;

/** AES counter mode as RFC 3711 §4.1.1 uses it: XOR the keystream for a 16-byte IV into a buffer. */
interface KeystreamCipher {
    void xor(byte[] iv, byte[] buf, int off, int len);
}
