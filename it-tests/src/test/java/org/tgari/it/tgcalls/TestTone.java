package org.tgari.it.tgcalls;

import java.io.IOException;
import java.nio.file.Path;
import org.tgari.media.audio.ToneAnalyzer;
import org.tgari.media.audio.ToneGenerator;
import org.tgari.media.audio.WavFile;

/**
 * A party's microphone: a 48 kHz sine at half scale (-6 dBFS peak; full scale clips in tgcalls' capture
 * path), two seconds long, looped by the party; whole cycles, so the loop joins without a click.
 */
record TestTone(double hz, Path wav, double levelDbfs) {

    static final int RATE = 48000;
    private static final double AMPLITUDE_DBFS = -6.02;

    static TestTone write(Path dir, double hz) throws IOException {
        short[] pcm = new short[2 * RATE];
        new ToneGenerator(RATE, hz, AMPLITUDE_DBFS).next(pcm, 0, pcm.length);
        Path wav = dir.resolve("tone-" + (int) hz + ".wav");
        WavFile.writeMono16(wav, RATE, pcm);
        // measured the way heard audio is, so that the two compare directly
        return new TestTone(hz, wav, ToneAnalyzer.toneLevelDbfs(pcm, 0, RATE, RATE, hz));
    }
}
