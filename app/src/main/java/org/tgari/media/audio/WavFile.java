package org.tgari.media.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes 16-bit PCM WAV files (mono; a stereo file is read as its left channel). */
public final class WavFile {
    private WavFile() {}

    /** Samples with their rate. */
    public record Audio(int sampleRate, short[] samples) {
        public double seconds() { return samples.length / (double) sampleRate; }
    }

    public static short[] readMono16(Path p) throws IOException {
        return readAudio(p).samples();
    }

    public static Audio readAudio(Path p) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new IOException(p + ": not a RIFF/WAVE file");
        }
        int pos = 12, rate = -1, channels = 0, bits = 0;
        while (pos + 8 <= b.limit()) {
            int id = b.getInt(pos);
            int size = b.getInt(pos + 4);
            int body = pos + 8;
            if (size < 0 || body + (long) size > b.limit()) size = b.limit() - body; // tolerate writers that never fixed the size
            if (id == 0x20746d66) { // "fmt "
                int format = b.getShort(body) & 0xFFFF;
                channels = b.getShort(body + 2);
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14);
                if (format != 1 && format != 0xFFFE) throw new IOException(p + ": WAV format " + format + " is not PCM");
            } else if (id == 0x61746164) { // "data"
                if (rate <= 0 || bits != 16 || channels < 1) throw new IOException(p + ": need 16-bit PCM, got " + bits + " bits, " + channels + " channels");
                int frames = size / (2 * channels);
                short[] out = new short[frames];
                for (int i = 0; i < frames; i++) out[i] = b.getShort(body + i * 2 * channels);
                return new Audio(rate, out);
            }
            pos = body + size + (size & 1);
        }
        throw new IOException(p + ": no data chunk");
    }

    public static void writeMono16(Path p, int sampleRate, short[] samples) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + samples.length * 2).putInt(0x45564157);
        b.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1).putInt(sampleRate).putInt(sampleRate * 2)
                .putShort((short) 2).putShort((short) 16);
        b.putInt(0x61746164).putInt(samples.length * 2);
        for (short s : samples) b.putShort(s);
        Files.write(p, b.array());
    }
}
