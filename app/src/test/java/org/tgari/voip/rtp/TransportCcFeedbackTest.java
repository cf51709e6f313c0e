package org.tgari.voip.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TransportCcFeedbackTest {

    @Test
    void reportsArrivalsGapsAndLargeDeltasAcrossTheSequenceWrap() {
        var fb = new TransportCcFeedback();
        long t0 = 10_000_000L; // µs
        fb.onPacket(65534, t0);
        fb.onPacket(65535, t0 + 20_000);
        // 0 lost
        fb.onPacket(1, t0 + 60_000);
        fb.onPacket(2, t0 + 60_000 + 200_000); // 200 ms later: a large delta
        byte[] b = new byte[256];
        int n = fb.write(b, 0, 0x11, 0x22);
        assertThat(n % 4).isZero();
        var s = TransportCcFeedback.parse(b, 0, n);
        assertThat(s).hasSize(5);
        assertThat(s).extracting(TransportCcFeedback.Status::sequence).containsExactly(65534, 65535, 0, 1, 2);
        assertThat(s).extracting(TransportCcFeedback.Status::received).containsExactly(true, true, false, true, true);
        long base = s.get(0).arrivalMicros();
        assertThat(s.get(1).arrivalMicros() - base).isEqualTo(20_000);
        assertThat(s.get(3).arrivalMicros() - base).isEqualTo(60_000);
        assertThat(s.get(4).arrivalMicros() - base).isEqualTo(260_000);
        assertThat(fb.hasPending()).isFalse();
        assertThat(fb.write(b, 0, 1, 2)).isZero();
    }

    @Test
    void headerFieldsFollowTheDraft() {
        var fb = new TransportCcFeedback();
        fb.onPacket(100, 128_000); // exactly 2 reference-time units
        byte[] b = new byte[64];
        int n = fb.write(b, 0, 0xAABBCCDDL, 0x01020304L);
        assertThat(b[0] & 0xFF).isEqualTo(0x8F);
        assertThat(b[1] & 0xFF).isEqualTo(205);
        assertThat(((b[2] & 0xFF) << 8 | (b[3] & 0xFF)) + 1).isEqualTo(n / 4);
        assertThat(b[12] & 0xFF).isZero();
        assertThat(b[13] & 0xFF).isEqualTo(100);
        assertThat(b[15] & 0xFF).as("one status").isEqualTo(1);
        assertThat(b[18] & 0xFF).as("reference time in 64 ms units").isEqualTo(2);
        assertThat(b[19] & 0xFF).as("first feedback").isZero();
    }

    @Test
    void malformedReportsAreRefusedAndFuzzDoesNotThrow() {
        assertThat(TransportCcFeedback.parse(new byte[10], 0, 10)).isNull();
        var r = new Random(9);
        for (int i = 0; i < 20_000; i++) {
            byte[] junk = new byte[20 + r.nextInt(60)];
            r.nextBytes(junk);
            junk[0] = (byte) 0x8F;
            junk[1] = (byte) 205;
            TransportCcFeedback.parse(junk, 0, junk.length);
        }
    }
}
