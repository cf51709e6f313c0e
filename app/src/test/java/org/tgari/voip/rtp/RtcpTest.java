package org.tgari.voip.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RtcpTest {

    @Test
    void senderReportWithABlockAndCnameRoundTrips() {
        byte[] b = new byte[256];
        var block = new Rtcp.ReportBlock(0xCAFEBABEL, 51, 1234, 70000, 321, 0x11223344L, 0x00010000L);
        int n = Rtcp.writeReport(b, 0, 0xDEADBEEFL, true, 0x0102030405060708L, 960_000, 500, 40_000, block, "tgari");
        assertThat(n % 4).isZero();
        assertThat(n).as("SR 28 + block 24 + SDES 16 (header, SSRC, CNAME item, end, padding)").isEqualTo(28 + 24 + 16);
        var p = Rtcp.read(b, 0, n);
        assertThat(p).isNotNull();
        assertThat(p.senderSsrc()).isEqualTo(0xDEADBEEFL);
        assertThat(p.senderReport()).isTrue();
        assertThat(p.ntpTimestamp()).isEqualTo(0x0102030405060708L);
        assertThat(p.rtpTimestamp()).isEqualTo(960_000);
        assertThat(p.packetCount()).isEqualTo(500);
        assertThat(p.blocks()).containsExactly(block);
    }

    @Test
    void receiverReportWithoutBlocks() {
        byte[] b = new byte[64];
        int n = Rtcp.writeReport(b, 0, 7, false, 0, 0, 0, 0, null, "x");
        var p = Rtcp.read(b, 0, n);
        assertThat(p.senderReport()).isFalse();
        assertThat(p.blocks()).isEmpty();
        assertThat(b[1] & 0xFF).isEqualTo(Rtcp.RR);
    }

    @Test
    void malformedPacketsAreRefused() {
        byte[] b = new byte[256];
        int n = Rtcp.writeReport(b, 0, 7, true, 1, 2, 3, 4, new Rtcp.ReportBlock(1, 0, 0, 0, 0, 0, 0), "x");
        assertThat(Rtcp.read(b, 0, n - 1)).as("truncated").isNull();
        byte[] v1 = b.clone();
        v1[0] = 0x41;
        assertThat(Rtcp.read(v1, 0, n)).as("version 1").isNull();
        byte[] count = b.clone();
        count[0] = (byte) 0x85; // five blocks claimed, one present
        assertThat(Rtcp.read(count, 0, n)).isNull();
        var r = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            byte[] junk = new byte[r.nextInt(80)];
            r.nextBytes(junk);
            Rtcp.read(junk, 0, junk.length); // must not throw
        }
    }

    @Test
    void roundTripTimeFollowsRfc3550() {
        // A = 0xb710:8000 (46864.5 s) LSR = 0xb705:2000 (46853.125 s) DLSR = 0x0005:4000 (5.25 s) -> 6.125 s
        long now = (0xb710L << 32 | 0x8000L << 16);
        var block = new Rtcp.ReportBlock(1, 0, 0, 0, 0, 0xb7052000L, 0x00054000L);
        assertThat(Rtcp.roundTripMs(block, now)).isCloseTo(6125.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(Rtcp.roundTripMs(new Rtcp.ReportBlock(1, 0, 0, 0, 0, 0, 0), now)).isNaN();
    }

    @Test
    void receiveStatisticsCountLossWrapAndJitter() {
        var s = new ReceiveStatistics(48000);
        long t0 = 1_000_000_000L;
        int[] seqs = {65530, 65531, 65533, 65534, 65535, 0, 1, 3, 4, 5}; // 65532 and 2 lost, wrap in between
        for (int i = 0; i < seqs.length; i++) {
            int step = (seqs[i] - 65530) & 0xFFFF;
            s.onPacket(seqs[i], 960L * step, t0 + 20_000_000L * step);
        }
        assertThat(s.extendedHighestSequence()).isEqualTo(65536 + 5);
        assertThat(s.expected()).isEqualTo(12);
        assertThat(s.cumulativeLost()).isEqualTo(2);
        assertThat(s.takeFractionLost()).isEqualTo(2 * 256 / 12);
        assertThat(s.takeFractionLost()).as("nothing new since").isZero();
        assertThat(s.jitter()).as("perfectly paced arrivals").isZero();
        s.onPacket(6, 960L * 12, t0 + 20_000_000L * 12 + 16_000_000L); // 16 ms late
        assertThat(s.jitterMs()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.05));
    }
}
