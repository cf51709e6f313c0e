package org.tgari.voip.srtp;

import java.util.Arrays;

/** Master keys and salts for both directions of one DTLS-SRTP session (AES_CM_128_HMAC_SHA1_80). */
public record SrtpKeys(byte[] localMasterKey, byte[] localMasterSalt, byte[] remoteMasterKey, byte[] remoteMasterSalt) {
    public static final int MASTER_KEY_LENGTH = 16;
    public static final int MASTER_SALT_LENGTH = 14;
    /** Length of the DTLS exporter output ("EXTRACTOR-dtls_srtp") for this profile: 2 keys + 2 salts. */
    public static final int EXPORTER_LENGTH = 2 * (MASTER_KEY_LENGTH + MASTER_SALT_LENGTH);

    public SrtpKeys {
        localMasterKey = checked(localMasterKey, MASTER_KEY_LENGTH);
        localMasterSalt = checked(localMasterSalt, MASTER_SALT_LENGTH);
        remoteMasterKey = checked(remoteMasterKey, MASTER_KEY_LENGTH);
        remoteMasterSalt = checked(remoteMasterSalt, MASTER_SALT_LENGTH);
    }

    /**
     * Splits the RFC 5764 §4.2 exporter output, laid out as client key ‖ server key ‖ client salt ‖
     * server salt; the DTLS client's "local" is the client half.
     */
    public static SrtpKeys fromDtlsExporter(byte[] material60, boolean isClient) {
        if (material60.length != EXPORTER_LENGTH) {
            throw new IllegalArgumentException("exporter output must be " + EXPORTER_LENGTH + " bytes, got " + material60.length);
        }
        byte[] clientKey = Arrays.copyOfRange(material60, 0, 16);
        byte[] serverKey = Arrays.copyOfRange(material60, 16, 32);
        byte[] clientSalt = Arrays.copyOfRange(material60, 32, 46);
        byte[] serverSalt = Arrays.copyOfRange(material60, 46, 60);
        return isClient
                ? new SrtpKeys(clientKey, clientSalt, serverKey, serverSalt)
                : new SrtpKeys(serverKey, serverSalt, clientKey, clientSalt);
    }

    /** Context protecting what we send. */
    public SrtpContext sendingContext() {
        return SrtpContext.forSending(localMasterKey, localMasterSalt);
    }

    /** Context unprotecting what the peer sends. */
    public SrtpContext receivingContext() {
        return SrtpContext.forReceiving(remoteMasterKey, remoteMasterSalt);
    }

    @Override public byte[] localMasterKey() { return localMasterKey.clone(); }
    @Override public byte[] localMasterSalt() { return localMasterSalt.clone(); }
    @Override public byte[] remoteMasterKey() { return remoteMasterKey.clone(); }
    @Override public byte[] remoteMasterSalt() { return remoteMasterSalt.clone(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof SrtpKeys k && Arrays.equals(localMasterKey, k.localMasterKey) && Arrays.equals(localMasterSalt, k.localMasterSalt)
                && Arrays.equals(remoteMasterKey, k.remoteMasterKey) && Arrays.equals(remoteMasterSalt, k.remoteMasterSalt);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(localMasterKey) ^ Arrays.hashCode(remoteMasterKey);
    }

    /** Key material stays out of logs. */
    @Override
    public String toString() {
        return "SrtpKeys[redacted]";
    }

    private static byte[] checked(byte[] b, int length) {
        if (b.length != length) throw new IllegalArgumentException("expected " + length + " bytes, got " + b.length);
        return b.clone();
    }
}
