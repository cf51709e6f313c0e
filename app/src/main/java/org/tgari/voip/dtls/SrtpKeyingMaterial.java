package org.tgari.voip.dtls;

/** The SRTP profile DTLS agreed on and the master keys for each direction, already split by our role. */
public record SrtpKeyingMaterial(int srtpProtectionProfile, byte[] localMasterKey, byte[] localMasterSalt,
                                 byte[] remoteMasterKey, byte[] remoteMasterSalt) {}
