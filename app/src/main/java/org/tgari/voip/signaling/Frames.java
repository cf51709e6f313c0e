package org.tgari.voip.signaling;

/** Byte-level constants of EncryptedConnection's plaintext framing. */
final class Frames {
    private Frames() {}

    static final long SINGLE_MESSAGE_BIT = 0x80000000L;
    static final long REQUIRES_ACK_BIT = 0x40000000L;
    static final long COUNTER_MASK = 0x3FFFFFFFL;
    static final int TYPE_CUSTOM = 0x7F;
    static final int TYPE_EMPTY = 0xFE;
    static final int TYPE_ACK = 0xFF;
    static final int MAX_MESSAGE = 1024 * 1024;
}
