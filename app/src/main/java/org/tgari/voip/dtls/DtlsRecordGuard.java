package org.tgari.voip.dtls;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.CipherSuite;

/**
 * Screens the peer's DTLS 1.2 records before BouncyCastle reads them. BouncyCastle believes whatever
 * epoch 0 says, and epoch 0 is plaintext anyone on the path can forge: one alert ends a handshake, one
 * far-ahead sequence number or absurd fragment length wedges it, and a ChangeCipherSpec that overtakes
 * the last epoch-0 message of its flight moves it to epoch 1 for good, so that message is never read.
 * The guard drops records no genuine peer sends, and holds back a ChangeCipherSpec (and the encrypted
 * records after it) until the peer's flight before it is complete, so BouncyCastle reads a flight in the
 * order it was sent. What it holds it drops after {@link #HOLD_NANOS}; the peer's retransmission brings
 * it again.
 *
 * <p>Datagrams go in through {@link #screen}, records come out one at a time through {@link #next}; screen
 * again only once {@code next} has nothing left. One thread; nothing is allocated per datagram.
 */
final class DtlsRecordGuard {

    private static final int HEADER = 13;
    private static final int MESSAGE_HEADER = 12;
    private static final int CHANGE_CIPHER_SPEC = 20, ALERT = 21, HANDSHAKE = 22, APPLICATION_DATA = 23;
    private static final int CERTIFICATE = 11, SERVER_HELLO_DONE = 14, CERTIFICATE_VERIFY = 15, CLIENT_KEY_EXCHANGE = 16;
    /** BouncyCastle's receive limit; it cut anything longer anyway. */
    static final int MAX_DATAGRAM = 2048;
    /** Far above any certificate chain in a call; BouncyCastle would allocate whatever length is claimed. */
    private static final int MAX_HANDSHAKE_MESSAGE = 1 << 16;
    /**
     * BouncyCastle's replay window is 64 records wide and moves on any epoch-0 record it accepts, so one
     * record further ahead than that leaves every genuine one behind the window. A handshake never
     * loses 64 records in a row and still completes.
     */
    private static final long EPOCH_0_WINDOW = 64;
    /** Epoch-1 records move BouncyCastle's window only once authenticated; this only bounds the absurd. */
    private static final long EPOCH_1_WINDOW = 1 << 16;
    /** AES-GCM's 8-byte explicit nonce and 16-byte tag. */
    private static final int AES_GCM_OVERHEAD = 24;
    /** ChaCha20-Poly1305 in (D)TLS 1.2 has an implicit nonce: the tag alone. */
    private static final int CHACHA20_POLY1305_OVERHEAD = 16;
    /** Handshake messages are tracked by message_seq below this; a full handshake uses fewer than ten. */
    private static final int TRACKED_MESSAGES = 16;
    private static final int CCS_RECORD = HEADER + 1;
    private static final int HOLD_CAPACITY = 4096;
    /** Longer than BouncyCastle's first retransmission timeout (1 s), so a retransmitted flight finds the hold. */
    static final long HOLD_NANOS = TimeUnit.SECONDS.toNanos(3);

    private final boolean peerIsClient;
    private int encryptedMinimum = AES_GCM_OVERHEAD;
    private long highestEpoch0Seq, highestEpoch1Seq;
    private boolean epoch1Open;

    // The peer's epoch-0 handshake messages by message_seq: type, length and how much of the body from
    // offset 0 on has arrived (-1: never seen).
    private final int[] messageType = new int[TRACKED_MESSAGES];
    private final int[] messageLength = new int[TRACKED_MESSAGES];
    private final int[] messageReceived = new int[TRACKED_MESSAGES];

    private final byte[] heldCcs = new byte[CCS_RECORD];
    private boolean ccsHeld;
    private long ccsHeldSince;
    private final byte[] heldEncrypted = new byte[HOLD_CAPACITY];
    private int heldEncryptedLength;
    private long encryptedHeldSince;

    private final byte[] out = new byte[MAX_DATAGRAM + CCS_RECORD + HOLD_CAPACITY];
    private int outLength, outPosition;

    private long dropped, heldBack;

    DtlsRecordGuard(DtlsEndpoint.Role localRole) {
        this.peerIsClient = localRole == DtlsEndpoint.Role.SERVER;
        Arrays.fill(messageLength, -1);
    }

    /** Encrypted records shorter than the suite's overhead make BouncyCastle fail with decode_error. */
    void cipherSuiteSelected(int suite) {
        encryptedMinimum = suite == CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
                || suite == CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
                ? CHACHA20_POLY1305_OVERHEAD : AES_GCM_OVERHEAD;
    }

    /** Records dropped as impossible, or held and expired. */
    long dropped() {
        return dropped;
    }

    /** Records held back for reordering. */
    long heldBack() {
        return heldBack;
    }

    /** Takes one datagram from the peer; call only when {@link #next} has returned -1. */
    void screen(byte[] d, int off, int len, long nowNanos) {
        outLength = 0;
        outPosition = 0;
        expireHeld(nowNanos);
        if (len > MAX_DATAGRAM) {
            dropped++;
            return;
        }
        int end = off + len;
        int at = off;
        while (at < end) {
            if (end - at < HEADER) {
                dropped++;
                return;
            }
            int fragment = ((d[at + 11] & 0xFF) << 8) | (d[at + 12] & 0xFF);
            if (end - at - HEADER < fragment) {
                dropped++; // the length field does not match the datagram: nothing after it can be framed
                return;
            }
            screenRecord(d, at, HEADER + fragment, nowNanos);
            at += HEADER + fragment;
        }
    }

    /** Copies the next record to pass into {@code buf}; -1 when there is none. */
    int next(byte[] buf, int off, int len) {
        while (outPosition < outLength) {
            int n = HEADER + (((out[outPosition + 11] & 0xFF) << 8) | (out[outPosition + 12] & 0xFF));
            int from = outPosition;
            outPosition += n;
            if (n > len) {
                dropped++;
                continue;
            }
            System.arraycopy(out, from, buf, off, n);
            return n;
        }
        return -1;
    }

    private void screenRecord(byte[] d, int at, int n, long nowNanos) {
        int type = d[at] & 0xFF;
        int version = ((d[at + 1] & 0xFF) << 8) | (d[at + 2] & 0xFF);
        int epoch = ((d[at + 3] & 0xFF) << 8) | (d[at + 4] & 0xFF);
        long seq = 0;
        for (int i = 5; i < 11; i++) seq = (seq << 8) | (d[at + i] & 0xFF);
        int fragment = n - HEADER;
        if (type < CHANGE_CIPHER_SPEC || type > APPLICATION_DATA || (version != 0xFEFF && version != 0xFEFD) || epoch > 1
                || seq > (epoch == 0 ? highestEpoch0Seq + EPOCH_0_WINDOW : highestEpoch1Seq + EPOCH_1_WINDOW)) {
            dropped++;
            return;
        }
        if (epoch == 1) {
            if (fragment < encryptedMinimum) {
                dropped++;
            } else if (epoch1Open) {
                pass(d, at, n, seq, 1);
            } else if (heldEncryptedLength + n <= HOLD_CAPACITY) {
                if (heldEncryptedLength == 0) encryptedHeldSince = nowNanos;
                System.arraycopy(d, at, heldEncrypted, heldEncryptedLength, n);
                heldEncryptedLength += n;
                heldBack++;
                raise(seq, 1);
            } else {
                dropped++;
            }
            return;
        }
        switch (type) {
            case HANDSHAKE -> {
                if (!wellFramedHandshake(d, at + HEADER, fragment)) {
                    dropped++;
                    return;
                }
                track(d, at + HEADER, fragment);
                pass(d, at, n, seq, 0);
                if (ccsHeld && peerFlightComplete()) releaseCcs();
            }
            case CHANGE_CIPHER_SPEC -> {
                if (fragment != 1 || d[at + HEADER] != 1) {
                    dropped++;
                } else if (epoch1Open || peerFlightComplete()) {
                    if (ccsHeld) {
                        ccsHeld = false;
                        dropped++; // an older copy: this one replaces it
                    }
                    pass(d, at, n, seq, 0);
                    openEpoch1();
                } else {
                    if (ccsHeld) dropped++;
                    System.arraycopy(d, at, heldCcs, 0, CCS_RECORD);
                    ccsHeld = true;
                    ccsHeldSince = nowNanos;
                    heldBack++;
                    raise(seq, 0);
                }
            }
            // Alerts in epoch 0 are unauthenticated: a peer that gives up on a handshake is as good as
            // silent to us (BoringSSL ignores them too), and after it the peer's alerts are encrypted.
            // Application data never travels in epoch 0.
            default -> dropped++;
        }
    }

    /** Every message header in the record fits the record and its own message, and they fill it exactly. */
    private static boolean wellFramedHandshake(byte[] d, int at, int n) {
        if (n < MESSAGE_HEADER) return false;
        int end = at + n;
        while (at < end) {
            if (end - at < MESSAGE_HEADER) return false;
            int length = uint24(d, at + 1), offset = uint24(d, at + 6), fragment = uint24(d, at + 9);
            if (length > MAX_HANDSHAKE_MESSAGE || offset + fragment > length || fragment > end - at - MESSAGE_HEADER) return false;
            at += MESSAGE_HEADER + fragment;
        }
        return true;
    }

    private void track(byte[] d, int at, int n) {
        int end = at + n;
        while (at < end) {
            int seq = ((d[at + 4] & 0xFF) << 8) | (d[at + 5] & 0xFF);
            int type = d[at] & 0xFF, length = uint24(d, at + 1), offset = uint24(d, at + 6), fragment = uint24(d, at + 9);
            if (seq < TRACKED_MESSAGES) {
                if (messageLength[seq] < 0) {
                    messageType[seq] = type;
                    messageLength[seq] = length;
                    messageReceived[seq] = 0;
                }
                // A fragment that disagrees with the first one seen is ignored, as BouncyCastle's reassembly
                // ignores it; a fragment beyond a gap waits for the retransmission that fills the gap.
                if (messageType[seq] == type && messageLength[seq] == length && offset <= messageReceived[seq]) {
                    messageReceived[seq] = Math.max(messageReceived[seq], offset + fragment);
                }
            }
            at += MESSAGE_HEADER + fragment;
        }
    }

    /**
     * Whether the peer's epoch-0 messages up to the one its ChangeCipherSpec follows have all arrived:
     * a server's ServerHelloDone (we never resume sessions); a client's CertificateVerify when it sent a
     * Certificate (we always ask for one), else its ClientKeyExchange.
     */
    private boolean peerFlightComplete() {
        int last = peerIsClient ? (find(CERTIFICATE) >= 0 ? CERTIFICATE_VERIFY : CLIENT_KEY_EXCHANGE) : SERVER_HELLO_DONE;
        int at = find(last);
        if (at < 0) return false;
        for (int seq = 0; seq <= at; seq++) {
            if (messageLength[seq] < 0 || messageReceived[seq] < messageLength[seq]) return false;
        }
        return true;
    }

    private int find(int type) {
        for (int seq = 0; seq < TRACKED_MESSAGES; seq++) {
            if (messageLength[seq] >= 0 && messageType[seq] == type) return seq;
        }
        return -1;
    }

    private void releaseCcs() {
        ccsHeld = false;
        append(heldCcs, 0, CCS_RECORD);
        openEpoch1();
    }

    private void openEpoch1() {
        epoch1Open = true;
        if (heldEncryptedLength > 0) append(heldEncrypted, 0, heldEncryptedLength);
        heldEncryptedLength = 0;
    }

    private void expireHeld(long nowNanos) {
        if (ccsHeld && nowNanos - ccsHeldSince > HOLD_NANOS) {
            ccsHeld = false;
            dropped++;
        }
        if (heldEncryptedLength > 0 && nowNanos - encryptedHeldSince > HOLD_NANOS) {
            heldEncryptedLength = 0;
            dropped++;
        }
    }

    private void pass(byte[] d, int at, int n, long seq, int epoch) {
        append(d, at, n);
        raise(seq, epoch);
    }

    private void raise(long seq, int epoch) {
        if (epoch == 0) highestEpoch0Seq = Math.max(highestEpoch0Seq, seq);
        else highestEpoch1Seq = Math.max(highestEpoch1Seq, seq);
    }

    private void append(byte[] src, int from, int n) {
        System.arraycopy(src, from, out, outLength, n);
        outLength += n;
    }

    private static int uint24(byte[] d, int at) {
        return ((d[at] & 0xFF) << 16) | ((d[at + 1] & 0xFF) << 8) | (d[at + 2] & 0xFF);
    }
}
