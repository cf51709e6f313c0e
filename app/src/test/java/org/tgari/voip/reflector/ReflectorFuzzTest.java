package org.tgari.voip.reflector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Bounded fuzzing with a fixed seed: every datagram is classified once, payload bounds stay inside the input. */
class ReflectorFuzzTest {
    private static final int ITERATIONS = 20_000;
    private final ReflectorCodec codec = new ReflectorCodec(ReflectorTag.of(ReflectorCodecTest.PEER_TAG, ReflectorCodecTest.OWN_R));

    @Test
    void parseClassifiesEverything() {
        SplittableRandom random = new SplittableRandom(0xBEEF);
        ReflectorCodec peer = new ReflectorCodec(ReflectorTag.of(ReflectorCodecTest.PEER_TAG, ReflectorCodecTest.PEER_R));
        int data = 0;
        int pongs = 0;
        int rejected = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input;
            if (i % 3 == 0) {
                input = new byte[random.nextInt(80)];
                random.nextBytes(input);
                if (input.length >= 12 && random.nextBoolean()) System.arraycopy(ReflectorCodecTest.PEER_TAG, 0, input, 0, 12);
            } else {
                byte[] payload = new byte[random.nextInt(60)];
                random.nextBytes(payload);
                input = new byte[Math.max(ReflectorCodec.HELLO_LENGTH, ReflectorCodec.dataLength(payload.length)) + random.nextInt(6)];
                if (i % 3 == 1) peer.writeData(input, 0, ReflectorCodecTest.OWN_R, payload, 0, payload.length);
                else peer.writeHello(input, 0);
                int flips = random.nextInt(3);
                for (int k = 0; k < flips; k++) input[random.nextInt(input.length)] ^= (byte) (1 << random.nextInt(8));
                if (random.nextInt(4) == 0) input = java.util.Arrays.copyOf(input, random.nextInt(input.length + 1));
            }
            int off = input.length > 0 ? random.nextInt(Math.min(3, input.length)) : 0;
            int len = input.length - off;
            switch (codec.parse(input, off, len)) {
                case ReflectorPacket.Data(int senderR, int payloadOffset, int payloadLength) -> {
                    data++;
                    assertThat(senderR).isNotZero();
                    assertThat(payloadOffset).isEqualTo(off + 24);
                    assertThat(payloadLength).isPositive();
                    assertThat(payloadOffset + payloadLength).isLessThanOrEqualTo(off + len);
                }
                case ReflectorPacket.Pong() -> pongs++;
                case ReflectorPacket.Rejected(String reason) -> {
                    rejected++;
                    assertThat(reason).isNotBlank();
                }
            }
        }
        assertThat(data + pongs + rejected).isEqualTo(ITERATIONS);
        assertThat(data).isPositive();
        assertThat(pongs).isPositive();
        assertThat(rejected).isPositive();
    }

    @Test
    void hostnameParserSurvivesMutations() {
        SplittableRandom random = new SplittableRandom(99);
        String alphabet = "reflctoa-.0123456789+ ";
        int parsed = 0;
        int rejected = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            StringBuilder s = new StringBuilder("reflector-" + (1 + random.nextInt(255)) + "-" + (1 + (random.nextLong() & 0xFFFF_FFFEL)) + ".reflector");
            int edits = random.nextInt(3);
            for (int e = 0; e < edits && !s.isEmpty(); e++) {
                int at = random.nextInt(s.length());
                if (random.nextBoolean()) s.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                else s.deleteCharAt(at);
            }
            switch (ReflectorHostname.parse(s.toString())) {
                case ReflectorHostname.Parse.Parsed(ReflectorHostname h) -> {
                    parsed++;
                    assertThat(h.toHostname()).isEqualTo(s.toString());
                }
                case ReflectorHostname.Parse.Rejected(String reason) -> rejected++;
            }
        }
        assertThat(parsed + rejected).isEqualTo(ITERATIONS);
        assertThat(parsed).isPositive();
        assertThat(rejected).isPositive();
    }
}
