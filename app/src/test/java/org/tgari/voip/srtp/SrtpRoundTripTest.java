package org.tgari.voip.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tgari.voip.srtp.SrtpVectorsTest.MASTER_KEY;
import static org.tgari.voip.srtp.SrtpVectorsTest.MASTER_SALT;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SrtpRoundTripTest {
    private final SrtpContext sender = SrtpContext.forSending(MASTER_KEY, MASTER_SALT);
    private final SrtpContext receiver = SrtpContext.forReceiving(MASTER_KEY, MASTER_SALT);

    /** An RTP packet with PT 111, the given seq/SSRC and a payload derived from seq. */
    static byte[] rtp(int seq, int ssrc, int payloadLength) {
        byte[] p = new byte[12 + payloadLength];
        p[0] = (byte) 0x80;
        p[1] = 111;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        p[4] = (byte) (seq * 3);
        p[8] = (byte) (ssrc >>> 24);
        p[9] = (byte) (ssrc >>> 16);
        p[10] = (byte) (ssrc >>> 8);
        p[11] = (byte) ssrc;
        for (int i = 0; i < payloadLength; i++) p[12 + i] = (byte) (seq + i);
        return p;
    }

    private byte[] protect(byte[] plain) {
        byte[] buf = Arrays.copyOf(plain, plain.length + SrtpContext.RTP_TAG_LENGTH);
        assertThat(sender.protectRtp(buf, 0, plain.length)).isEqualTo(buf.length);
        return buf;
    }

    private int unprotect(byte[] srtp) {
        return receiver.unprotectRtp(srtp.clone(), 0, srtp.length);
    }

    @Test
    void protectUnprotectRoundTripAtOffset() {
        byte[] plain = rtp(1000, 0xCAFEBABE, 160);
        byte[] buf = new byte[5 + plain.length + 10 + 3];
        System.arraycopy(plain, 0, buf, 5, plain.length);
        int n = sender.protectRtp(buf, 5, plain.length);
        assertThat(n).isEqualTo(plain.length + 10);
        assertThat(Arrays.copyOfRange(buf, 5 + 12, 5 + plain.length)).isNotEqualTo(Arrays.copyOfRange(plain, 12, plain.length));
        assertThat(receiver.unprotectRtp(buf, 5, n)).isEqualTo(plain.length);
        assertThat(Arrays.copyOfRange(buf, 5, 5 + plain.length)).isEqualTo(plain);
    }

    @Test
    void headerExtensionAndCsrcsStayInClear() {
        byte[] plain = new byte[12 + 8 + 8 + 20];
        plain[0] = (byte) 0x92; // V=2, X=1, CC=2
        plain[11] = 9;
        plain[12 + 8 + 2] = 0;
        plain[12 + 8 + 3] = 1; // one extension word
        Arrays.fill(plain, 12, 28, (byte) 0x55);
        plain[12 + 8] = (byte) 0xBE;
        plain[12 + 8 + 1] = (byte) 0xDE;
        plain[12 + 8 + 2] = 0;
        plain[12 + 8 + 3] = 1;
        Arrays.fill(plain, 28, plain.length, (byte) 0x77);
        byte[] srtp = protect(plain);
        assertThat(Arrays.copyOf(srtp, 28)).isEqualTo(Arrays.copyOf(plain, 28));
        byte[] copy = srtp.clone();
        assertThat(receiver.unprotectRtp(copy, 0, copy.length)).isEqualTo(plain.length);
        assertThat(Arrays.copyOf(copy, plain.length)).isEqualTo(plain);
    }

    @Test
    void tamperedTagOrPayloadRejectedAndStateUnharmed() {
        byte[] srtp = protect(rtp(5, 1, 40));
        byte[] badTag = srtp.clone();
        badTag[badTag.length - 1] ^= 1;
        assertThat(unprotect(badTag)).isEqualTo(SrtpResult.AUTH_FAIL);
        byte[] badPayload = srtp.clone();
        badPayload[20] ^= (byte) 0x80;
        assertThat(unprotect(badPayload)).isEqualTo(SrtpResult.AUTH_FAIL);
        assertThat(unprotect(srtp)).isEqualTo(srtp.length - 10);
    }

    @Test
    void replayRejected() {
        byte[][] packets = new byte[100][];
        for (int i = 0; i < 100; i++) packets[i] = protect(rtp(i, 1, 20));
        assertThat(unprotect(packets[50])).isPositive();
        assertThat(unprotect(packets[50])).isEqualTo(SrtpResult.REPLAY);
        assertThat(unprotect(packets[45])).isPositive(); // late but inside the window
        assertThat(unprotect(packets[45])).isEqualTo(SrtpResult.REPLAY);
        assertThat(unprotect(packets[99])).isPositive();
        assertThat(unprotect(packets[35])).isEqualTo(SrtpResult.REPLAY); // 64 behind: too old
        assertThat(unprotect(packets[10])).isEqualTo(SrtpResult.REPLAY);
    }

    @Test
    void edgeOfWindowIsStillAccepted() {
        byte[][] packets = new byte[70][];
        for (int i = 0; i < 70; i++) packets[i] = protect(rtp(i, 1, 20));
        assertThat(unprotect(packets[69])).isPositive();
        assertThat(unprotect(packets[6])).isPositive(); // 63 behind
        assertThat(unprotect(packets[5])).isEqualTo(SrtpResult.REPLAY);
    }

    @Test
    void rocRollsOverAcrossSequenceWrap() {
        int[] seqs = {65533, 65534, 65535, 0, 1, 2};
        byte[][] packets = new byte[seqs.length][];
        for (int i = 0; i < seqs.length; i++) packets[i] = protect(rtp(seqs[i], 42, 30));
        // the same seq 0 under ROC 0 (fresh stream) must carry a different tag and ciphertext than under ROC 1
        SrtpContext fresh = SrtpContext.forSending(MASTER_KEY, MASTER_SALT);
        byte[] rocZero = Arrays.copyOf(rtp(0, 42, 30), 52);
        fresh.protectRtp(rocZero, 0, 42);
        assertThat(rocZero).isNotEqualTo(packets[3]);

        assertThat(unprotect(packets[0])).isPositive();
        assertThat(unprotect(packets[1])).isPositive();
        assertThat(unprotect(packets[4])).isPositive(); // skips 65535 and 0, still guesses ROC 1
        assertThat(unprotect(packets[2])).isPositive(); // late packet from before the wrap, ROC 0
        byte[] decoded = packets[3].clone();
        assertThat(receiver.unprotectRtp(decoded, 0, decoded.length)).isEqualTo(42);
        assertThat(Arrays.copyOf(decoded, 42)).isEqualTo(rtp(0, 42, 30));
        assertThat(unprotect(packets[5])).isPositive();
    }

    @Test
    void packetsOfAnotherStreamAreIndependent() {
        byte[] a = protect(rtp(10, 1, 20));
        byte[] b = protect(rtp(30000, 2, 20));
        assertThat(unprotect(a)).isPositive();
        assertThat(unprotect(b)).isPositive();
    }

    @Test
    void malformedInputs() {
        assertThat(receiver.unprotectRtp(new byte[21], 0, 21)).isEqualTo(SrtpResult.MALFORMED);
        byte[] v1 = protect(rtp(1, 1, 20));
        v1[0] = 0x40;
        assertThat(unprotect(v1)).isEqualTo(SrtpResult.MALFORMED);
        byte[] csrcOverflow = protect(rtp(1, 1, 4));
        csrcOverflow[0] = (byte) 0x8F; // 15 CSRCs = 60 bytes, more than the packet
        assertThat(unprotect(csrcOverflow)).isEqualTo(SrtpResult.MALFORMED);
        byte[] extOverflow = protect(rtp(1, 1, 8));
        extOverflow[0] = (byte) 0x90;
        extOverflow[14] = (byte) 0xFF;
        assertThat(unprotect(extOverflow)).isEqualTo(SrtpResult.MALFORMED);
        byte[] noRoom = rtp(1, 1, 20);
        assertThat(sender.protectRtp(noRoom, 0, noRoom.length)).isEqualTo(SrtpResult.MALFORMED);
        assertThat(receiver.unprotectRtp(new byte[40], 10, 40)).isEqualTo(SrtpResult.MALFORMED);
        assertThat(receiver.unprotectRtcp(new byte[21], 0, 21)).isEqualTo(SrtpResult.MALFORMED);
    }

    @Test
    void directionIsEnforced() {
        byte[] buf = new byte[64];
        assertThatThrownBy(() -> receiver.protectRtp(buf, 0, 40)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> sender.unprotectRtcp(buf, 0, 40)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void srtcpRoundTripReplayAndTamper() {
        byte[] rr = SrtpVectorsTest.hex("81c90007 deadbeef 11223344 00000000 00000000 00000000 00000000 00000000");
        byte[][] packets = new byte[3][];
        for (int i = 0; i < 3; i++) {
            packets[i] = Arrays.copyOf(rr, rr.length + SrtpContext.RTCP_TRAILER_LENGTH);
            assertThat(sender.protectRtcp(packets[i], 0, rr.length)).isEqualTo(packets[i].length);
            assertThat(packets[i][rr.length + 3]).isEqualTo((byte) (i + 1)); // index 1, 2, 3 with E set
            assertThat(packets[i][rr.length]).isEqualTo((byte) 0x80);
        }
        byte[] tampered = packets[1].clone();
        tampered[9] ^= 4;
        assertThat(receiver.unprotectRtcp(tampered, 0, tampered.length)).isEqualTo(SrtpResult.AUTH_FAIL);
        for (int i : new int[] {1, 0, 2}) {
            byte[] copy = packets[i].clone();
            assertThat(receiver.unprotectRtcp(copy, 0, copy.length)).isEqualTo(rr.length);
            assertThat(Arrays.copyOf(copy, rr.length)).isEqualTo(rr);
        }
        byte[] again = packets[0].clone();
        assertThat(receiver.unprotectRtcp(again, 0, again.length)).isEqualTo(SrtpResult.REPLAY);
    }
}
