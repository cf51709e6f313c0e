package org.tgari.it.tgcalls;

import java.io.IOException;
import java.nio.file.Path;
import org.tgari.media.audio.ToneAnalyzer;
import org.tgari.media.audio.ToneGenerator;
import org.tgari.media.audio.WavFile;

/**
 * A party's microphone: a sine at half scale (-6 dBFS peak; full scale clips in tgcalls' capture path),
 * two seconds long, looped by the party; whole cycles, so the loop joins without a click.
 */
record TestTone(double hz, Path wav, double levelDbfs) {

    private static final double AMPLITUDE_DBFS = -6.02;

    static TestTone write(Path dir, double hz, int rate) throws IOException {
        short[] pcm = new short[2 * rate];
        new ToneGenerator(rate, hz, AMPLITUDE_DBFS).next(pcm, 0, pcm.length);
        Path wav = dir.resolve("tone-" + (int) hz + "-" + rate + ".wav");
        WavFile.writeMono16(wav, rate, pcm);
        // measured the way heard audio is, so that the two compare directly
        return new TestTone(hz, wav, ToneAnalyzer.toneLevelDbfs(pcm, 0, rate, rate, hz));
    }
}
