package org.tgari.it.harness;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Minimal 16-bit mono PCM WAV writing and reading for test audio (tones in, baresip recordings out). */
public final class TestWav {

    /** Decoded samples and their rate. */
    public record Pcm(int sampleRate, short[] samples) {
        public double seconds() {
            return samples.length / (double) sampleRate;
        }
    }

    private TestWav() {
    }

    /** Writes a sine tone of {@code frequency} Hz at {@code amplitude} (0..1 of full scale). */
    public static Path writeTone(Path file, int sampleRate, double frequency, double seconds, double amplitude) throws IOException {
        int count = (int) Math.round(sampleRate * seconds);
        short[] samples = new short[count];
        for (int i = 0; i < count; i++) {
            samples[i] = (short) Math.round(amplitude * Short.MAX_VALUE * Math.sin(2 * Math.PI * frequency * i / sampleRate));
        }
        return write(file, new Pcm(sampleRate, samples));
    }

    public static Path write(Path file, Pcm pcm) throws IOException {
        int dataBytes = pcm.samples().length * 2;
        ByteBuffer buf = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + dataBytes)
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(pcm.sampleRate()).putInt(pcm.sampleRate() * 2)
                .putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(dataBytes);
        for (short s : pcm.samples()) {
            buf.putShort(s);
        }
        return Files.write(file, buf.array());
    }

    /**
     * Reads a 16-bit mono PCM WAV. A data chunk whose size field overruns the file (a recorder that was
     * not closed yet) is read up to the end of the file.
     */
    public static Pcm read(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (buf.remaining() < 12 || buf.getInt(0) != 0x46464952 || buf.getInt(8) != 0x45564157) {
            throw new IOException(file + " is not a RIFF/WAVE file");
        }
        int position = 12;
        int sampleRate = 0;
        while (position + 8 <= buf.limit()) {
            int id = buf.getInt(position);
            int size = buf.getInt(position + 4);
            int body = position + 8;
            if (id == 0x20746d66) { // "fmt "
                int format = buf.getShort(body) & 0xffff;
                int channels = buf.getShort(body + 2);
                sampleRate = buf.getInt(body + 4);
                int bits = buf.getShort(body + 14);
                if ((format != 1 && format != 0xfffe) || channels != 1 || bits != 16) {
                    throw new IOException(file + ": want 16-bit mono PCM, got format " + format + ", " + channels + " ch, " + bits + " bit");
                }
            } else if (id == 0x61746164) { // "data"
                if (sampleRate == 0) {
                    throw new IOException(file + ": data chunk before fmt chunk");
                }
                int available = buf.limit() - body;
                int bytes = size < 0 || size > available ? available : size;
                short[] samples = new short[bytes / 2];
                buf.position(body);
                buf.asShortBuffer().get(samples);
                return new Pcm(sampleRate, samples);
            }
            if (size < 0) {
                break;
            }
            position = body + size + (size & 1);
        }
        throw new IOException(file + " has no data chunk");
    }
}
