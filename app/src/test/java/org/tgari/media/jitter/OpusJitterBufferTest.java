package org.tgari.media.jitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tgari.media.audio.ToneAnalyzer;
import org.tgari.media.audio.ToneGenerator;
import org.tgari.media.codec.OpusFrameEncoder;
import org.tgari.media.codec.OpusSettings;

class OpusJitterBufferTest {

    private static final int RATE = 16000;

    /** Encoded 20 ms packets of a 1 kHz tone, with FEC. */
    private final List<byte[]> packets = new ArrayList<>();

    @BeforeEach
    void encode() {
        var enc = new OpusFrameEncoder(RATE, new OpusSettings(24000, 5, true, 20, false));
        var tone = new ToneGenerator(RATE, 1000, -12);
        short[] pcm = new short[320];
        byte[] out = new byte[1275];
        for (int i = 0; i < 100; i++) {
            tone.next(pcm, 0, 320);
            int n = enc.encode(pcm, 0, out, 0, out.length);
            packets.add(java.util.Arrays.copyOf(out, n));
        }
    }

    private static boolean offer(OpusJitterBuffer jb, int i, byte[] p) {
        return jb.offer(1000 + i, 5000L + 960L * i, p, 0, p.length);
    }

    @Test
    void holdsForTheTargetDelayThenPlaysInOrderDespiteReordering() {
        var jb = new OpusJitterBuffer(RATE, 40, 300);
        short[] frame = new short[jb.frameSamples()];
        offer(jb, 0, packets.get(0));
        offer(jb, 2, packets.get(2));
        offer(jb, 1, packets.get(1));
        jb.pull(frame, 0);
        jb.pull(frame, 0);
        assertThat(jb.stats().played()).as("held for 40 ms").isZero();
        short[] audio = new short[RATE];
        int pos = 0;
        for (int i = 3; i < 50; i++) {
            offer(jb, i, packets.get(i));
            jb.pull(audio, pos);
            pos += 320;
        }
        var s = jb.stats();
        assertThat(s.played()).isEqualTo(47);
        assertThat(s.concealed()).isZero();
        assertThat(ToneAnalyzer.dominantFrequency(audio, 3200, 8000, RATE)).isBetween(990.0, 1010.0);
    }

    @Test
    void aSingleLossIsRecoveredWithFecAndADoubleLossConcealed() {
        var jb = new OpusJitterBuffer(RATE, 0, 300);
        short[] frame = new short[jb.frameSamples()];
        for (int i = 0; i < 60; i++) {
            if (i != 20 && i != 40 && i != 41) offer(jb, i, packets.get(i));
            if (i >= 2) jb.pull(frame, 0); // stay two packets behind so the next one is there for FEC
        }
        var s = jb.stats();
        assertThat(s.fecRecovered()).isGreaterThanOrEqualTo(1);
        assertThat(s.concealed()).isGreaterThanOrEqualTo(1);
        assertThat(s.received()).isEqualTo(57);
    }

    @Test
    void sixtyMillisecondPacketsGiveThreePulls() {
        var enc = new OpusFrameEncoder(RATE, OpusSettings.defaults());
        // build a 60 ms packet by encoding three frames with the repacketizer-free route: a 60 ms encode
        var enc60 = new io.github.jaredmdobson.concentus.OpusEncoder[1];
        try {
            enc60[0] = new io.github.jaredmdobson.concentus.OpusEncoder(RATE, 1, io.github.jaredmdobson.concentus.OpusApplication.OPUS_APPLICATION_VOIP);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        short[] pcm = new short[960];
        new ToneGenerator(RATE, 1000, -12).next(pcm, 0, 960);
        byte[] out = new byte[1275];
        int n;
        try {
            n = enc60[0].encode(pcm, 0, 960, out, 0, out.length);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        var jb = new OpusJitterBuffer(RATE, 0, 300);
        assertThat(jb.offer(1, 0, out, 0, n)).isTrue();
        assertThat(jb.offer(2, 2880, out, 0, n)).isTrue();
        short[] frame = new short[320];
        for (int i = 0; i < 6; i++) jb.pull(frame, 0);
        assertThat(jb.stats().played()).isEqualTo(6);
        assertThat(jb.stats().concealed()).isZero();
        assertThat(enc.frameSamples()).isEqualTo(320);
    }

    @Test
    void lateDuplicateInvalidAndFarFuturePacketsAreCountedAndDropped() {
        var jb = new OpusJitterBuffer(RATE, 0, 200);
        short[] frame = new short[320];
        offer(jb, 10, packets.get(10));
        jb.pull(frame, 0);
        jb.pull(frame, 0);
        assertThat(offer(jb, 9, packets.get(9))).as("late").isFalse();
        assertThat(offer(jb, 12, packets.get(12))).isTrue();
        assertThat(offer(jb, 12, packets.get(12))).as("duplicate").isFalse();
        assertThat(jb.offer(1, 0, new byte[0], 0, 0)).as("empty").isFalse();
        for (int i = 0; i < 9; i++) {
            assertThat(jb.offer(100 + i, 5000L + 960L * 10 + 48000L * 100 + i * 960, packets.get(0), 0, packets.get(0).length))
                    .as("far future").isFalse();
        }
        assertThat(jb.offer(109, 5000L + 960L * 10 + 48000L * 100 + 9 * 960, packets.get(0), 0, packets.get(0).length))
                .as("a stream that stays far ahead jumped: followed").isTrue();
        var s = jb.stats();
        assertThat(s.late()).isEqualTo(1);
        assertThat(s.duplicates()).isEqualTo(1);
        assertThat(s.dropped()).as("empty, 9 far ahead, packet 12 flushed by the jump").isEqualTo(11);
    }

    @Test
    void delayStaysBoundedWhenPacketsPileUp() {
        var jb = new OpusJitterBuffer(RATE, 0, 100);
        short[] frame = new short[320];
        for (int i = 0; i < 40; i++) offer(jb, i, packets.get(i)); // an 0.8 s burst that stays
        for (int i = 40; i < 100; i++) {
            offer(jb, i, packets.get(i));
            jb.pull(frame, 0);
        }
        assertThat(jb.stats().currentDelayMs()).isLessThanOrEqualTo(140);
        assertThat(jb.stats().dropped()).isPositive();
    }
}
