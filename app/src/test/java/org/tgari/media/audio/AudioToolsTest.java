package org.tgari.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioToolsTest {

    @Test
    void analyzerFindsFrequencyAndLevel() {
        for (double f : new double[] {440, 1000, 1234.5, 3000}) {
            short[] pcm = new short[16000];
            new ToneGenerator(8000, f, -20).next(pcm, 0, pcm.length);
            assertThat(ToneAnalyzer.dominantFrequency(pcm, 0, 16000, 8000)).isCloseTo(f, org.assertj.core.data.Offset.offset(f * 0.002));
            assertThat(ToneAnalyzer.toneLevelDbfs(pcm, 0, 16000, 8000, f)).isCloseTo(-20, org.assertj.core.data.Offset.offset(0.3));
            assertThat(ToneAnalyzer.rmsDbfs(pcm, 0, 16000)).isCloseTo(-23.01, org.assertj.core.data.Offset.offset(0.1));
        }
        assertThat(ToneAnalyzer.toneLevelDbfs(new short[800], 0, 800, 8000, 1000)).isLessThan(-100);
    }

    @Test
    void analyzerMeasuresOneSecondAt48kHz() {
        short[] pcm = new short[48000];
        new ToneGenerator(48000, 880, -6).next(pcm, 0, pcm.length);
        assertThat(ToneAnalyzer.toneLevelDbfs(pcm, 0, 48000, 48000, 880)).isCloseTo(-6, org.assertj.core.data.Offset.offset(0.3));
        assertThat(ToneAnalyzer.dominantFrequency(pcm, 0, 48000, 48000)).isCloseTo(880, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void wavRoundTrip(@TempDir Path dir) throws Exception {
        short[] pcm = {0, 1, -1, 32767, -32768};
        Path p = dir.resolve("x.wav");
        WavFile.writeMono16(p, 16000, pcm);
        var a = WavFile.readAudio(p);
        assertThat(a.sampleRate()).isEqualTo(16000);
        assertThat(a.samples()).containsExactly(pcm);
        java.nio.file.Files.writeString(dir.resolve("bad.wav"), "hello");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WavFile.readAudio(dir.resolve("bad.wav"))).hasMessageContaining("not a RIFF/WAVE");
    }
}
