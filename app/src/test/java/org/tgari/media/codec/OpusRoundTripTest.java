package org.tgari.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tgari.media.audio.ToneAnalyzer;
import org.tgari.media.audio.ToneGenerator;

class OpusRoundTripTest {

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000, 48000})
    void aToneSurvivesEncodeAndDecode(int rate) {
        var enc = new OpusFrameEncoder(rate, OpusSettings.defaults());
        var dec = new OpusFrameDecoder(rate);
        var tone = new ToneGenerator(rate, 1000, -12);
        int frame = enc.frameSamples();
        short[] in = new short[frame];
        short[] out = new short[rate]; // one second
        byte[] pkt = new byte[1275];
        int pos = 0;
        for (int f = 0; f < 100; f++) {
            tone.next(in, 0, frame);
            int n = enc.encode(in, 0, pkt, 0, pkt.length);
            assertThat(n).isPositive();
            assertThat(OpusFrameDecoder.packetSamples(pkt, 0, n, 48000)).isEqualTo(960);
            int got = dec.decode(pkt, 0, n, out, pos % out.length, frame);
            assertThat(got).isEqualTo(frame);
            pos += got;
        }
        // the buffer holds the last second; analyse its second half (after the codec settled)
        int n = rate / 2;
        assertThat(ToneAnalyzer.dominantFrequency(out, rate / 2, n, rate)).isBetween(990.0, 1010.0);
        assertThat(ToneAnalyzer.toneLevelDbfs(out, rate / 2, n, rate, 1000)).isBetween(-15.0, -9.0);
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000})
    void invalidPacketsAreRefusedAndConcealmentFillsGaps(int rate) {
        var dec = new OpusFrameDecoder(rate);
        short[] out = new short[rate / 50];
        assertThat(OpusFrameDecoder.packetSamples(new byte[0], 0, 0, 48000)).isEqualTo(-1);
        assertThat(OpusFrameDecoder.packetSamples(null, 0, 0, 48000)).isEqualTo(-1);
        assertThat(dec.conceal(out, 0, out.length)).isEqualTo(out.length);
    }
}
