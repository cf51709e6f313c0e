package org.tgari.voip.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bounded fuzzing of the receive path: random, mutated, replayed and authenticated-garbage blobs. */
class SignalingFuzzTest {
    private static final byte[] KEY = Vectors.key(Vectors.deterministic());
    private static final int ITERATIONS = 20_000;

    @Test
    void nothingEscapesAndCountersAddUp() {
        Random random = new Random(0x5eed_2026L);
        List<byte[]> jsonSamples = new ArrayList<>();
        List<byte[]> validBlobs = new ArrayList<>();
        for (String file : Vectors.CAPTURES) {
            for (Vectors.Line l : Vectors.capture(file)) {
                if (l.tag().startsWith("JSON-")) {
                    jsonSamples.add(l.utf8());
                }
                if (l.is("EMIT") && file.contains("_A_")) {
                    validBlobs.add(l.base64()); // caller blobs: authentic for a callee channel
                }
            }
        }
        SignalingCipher forger = new SignalingCipher(KEY, true, SignalingCipher.Kind.SIGNALING);
        FakeTimers clock = new FakeTimers(0);
        List<ChannelHarness> callees = List.of(
                new ChannelHarness(SignalingVersion.V7_0_0, KEY, false, clock),
                new ChannelHarness(SignalingVersion.V8_0_0, KEY, false, clock));
        int forgedCounter = 1;

        for (int i = 0; i < ITERATIONS; i++) {
            byte[] blob = switch (random.nextInt(5)) {
                case 0 -> randomBytes(random, random.nextInt(300));
                case 1 -> mutate(random, validBlobs.get(random.nextInt(validBlobs.size())));
                case 2 -> validBlobs.get(random.nextInt(validBlobs.size()));
                default -> {
                    forgedCounter += random.nextInt(4) - 1;
                    yield forger.encrypt(garbagePlain(random, Math.max(0, forgedCounter), jsonSamples));
                }
            };
            for (ChannelHarness h : callees) {
                h.channel.receive(blob);
                if (random.nextInt(50) == 0) {
                    h.channel.send(new Candidates(List.of("fuzz " + i)));
                }
            }
            if (random.nextInt(20) == 0) {
                clock.advanceBy(random.nextInt(6_000));
            }
            clock.runAllPosted();
        }

        for (ChannelHarness h : callees) {
            SignalingStats s = h.stats;
            assertThat(s.blobsIn()).isEqualTo(ITERATIONS).isEqualTo(h.outcomes());
            assertThat(s.messagesIn()).isEqualTo(h.messages.size());
            assertThat(s.accepted()).as("authenticated packets got through: " + s).isGreaterThan(ITERATIONS / 20);
            assertThat(s.malformed() + s.invalidMessages()).as("parsers were exercised: " + s).isPositive();
            assertThat(s.badMsgKey()).isPositive();
            assertThat(s.messagesIn()).isPositive();
            for (SignalingMessage m : h.messages) {
                assertThat(SignalingJson.decode(SignalingJson.encode(m))).contains(m);
            }
            h.channel.close();
        }
        assertThat(clock.pendingCount()).isZero();
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static byte[] mutate(Random r, byte[] valid) {
        byte[] b = valid.clone();
        switch (r.nextInt(4)) {
            case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
            case 1 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
            case 2 -> b = java.util.Arrays.copyOf(b, b.length + 1 + r.nextInt(40));
            default -> {
                for (int k = 0; k < 1 + r.nextInt(8); k++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt();
                }
            }
        }
        return b;
    }

    /** Plausible plaintexts: a seq, then a V2-ish record soup or a V1 JSON body, with JSON mutated now and then. */
    private static byte[] garbagePlain(Random r, int counter, List<byte[]> jsonSamples) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int flags = r.nextInt(8) == 0 ? Seq.SINGLE_MESSAGE_BIT : (r.nextBoolean() ? Seq.REQUIRES_ACK_BIT : 0);
        writeInt(out, (counter & Seq.COUNTER_MASK) | flags);
        int records = r.nextInt(5);
        int[] types = {0x7F, 0x7F, 0x7F, 0xFE, 0xFF, r.nextInt(256)};
        for (int k = 0; k < records || out.size() < 5; k++) {
            if (k > 0) {
                writeInt(out, ((counter - r.nextInt(5)) & Seq.COUNTER_MASK) | (r.nextBoolean() ? Seq.REQUIRES_ACK_BIT : 0));
            }
            int type = types[r.nextInt(types.length)];
            if (r.nextInt(6) == 0) {
                out.writeBytes(json(r, jsonSamples)); // V1 body, or a V2 record soup gone wrong
                continue;
            }
            out.write(type);
            if (type == 0x7F) {
                byte[] body = json(r, jsonSamples);
                writeInt(out, r.nextInt(30) == 0 ? body.length + r.nextInt(5) - 2 : body.length);
                out.writeBytes(body);
            }
        }
        if (r.nextInt(20) == 0) {
            out.writeBytes(randomBytes(r, r.nextInt(8)));
        }
        return out.toByteArray();
    }

    private static byte[] json(Random r, List<byte[]> samples) {
        byte[] s = samples.get(r.nextInt(samples.size())).clone();
        if (r.nextInt(3) == 0) {
            for (int k = 0; k < 1 + r.nextInt(4); k++) {
                s[r.nextInt(s.length)] = (byte) "{}[]\":,0123456789aZ \\".charAt(r.nextInt(21));
            }
        }
        if (r.nextInt(10) == 0) {
            s = java.util.Arrays.copyOf(s, r.nextInt(s.length));
        }
        return r.nextInt(15) == 0 ? "{\"@type\": \"Weird\"}".getBytes(StandardCharsets.UTF_8) : s;
    }

    private static void writeInt(java.io.ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
