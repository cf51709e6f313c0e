package org.tgari.voip.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Bounded fuzzing with a fixed seed: nothing escapes the parsers, every input is counted once. */
class StunFuzzTest {
    private static final int ITERATIONS = 20_000;

    @Test
    void stunParserSurvivesRandomAndMutatedInput() {
        SplittableRandom random = new SplittableRandom(0x5EED_5707L);
        byte[] key = StunMessage.shortTermKey(Rfc5769Vectors.SHORT_TERM_PASSWORD);
        byte[][] seeds = {Rfc5769Vectors.REQUEST, Rfc5769Vectors.IPV4_RESPONSE, Rfc5769Vectors.IPV6_RESPONSE,
                Rfc5769Vectors.LONG_TERM_REQUEST};
        int parsed = 0;
        int rejected = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = switch (i % 4) {
                case 0 -> randomBytes(random, random.nextInt(120));
                case 1 -> Arrays.copyOf(seeds[i % seeds.length], random.nextInt(seeds[i % seeds.length].length + 1));
                case 2 -> flipBits(random, seeds[i % seeds.length].clone());
                default -> tlvSoup(random);
            };
            StunParseResult result = StunParser.parse(input, 0, input.length);
            switch (result) {
                case StunParseResult.Parsed(StunMessage m) -> {
                    parsed++;
                    assertThat(StunMessage.isStun(input, 0, input.length)).isTrue();
                    m.verifyIntegrity(key);
                    m.unknownComprehensionRequired();
                    assertThat(m.length()).isEqualTo(input.length);
                }
                case StunParseResult.Rejected(String reason) -> {
                    rejected++;
                    assertThat(reason).isNotBlank();
                }
            }
        }
        assertThat(parsed + rejected).isEqualTo(ITERATIONS);
        // truncations and random bytes are essentially always rejected; the TLV soup parses sometimes
        assertThat(rejected).isGreaterThan(ITERATIONS / 2);
        assertThat(parsed).isPositive();
    }

    private static byte[] randomBytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] flipBits(SplittableRandom random, byte[] b) {
        int flips = 1 + random.nextInt(4);
        for (int k = 0; k < flips; k++) b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        return b;
    }

    /** A valid header followed by random attributes whose lengths are often consistent. */
    private static byte[] tlvSoup(SplittableRandom random) {
        int[] types = {0x0006, 0x0008, 0x0009, 0x0020, 0x0024, 0x0025, 0x8022, 0x8028, 0x8029, 0x802A, 0x0042, 0xC000};
        byte[] body = new byte[random.nextInt(30) * 4];
        int pos = 0;
        while (pos + 4 <= body.length) {
            int type = types[random.nextInt(types.length)];
            int length = random.nextInt(4) == 0 ? random.nextInt(64) : Math.min(body.length - pos - 4, random.nextInt(24));
            StunWire.put16(body, pos, type);
            StunWire.put16(body, pos + 2, length);
            for (int i = pos + 4; i < Math.min(body.length, pos + 4 + length); i++) body[i] = (byte) random.nextInt();
            pos += 4 + StunWire.padded(length);
        }
        byte[] msg = new byte[20 + body.length];
        StunWire.put16(msg, 0, 0x0001);
        StunWire.put16(msg, 2, body.length);
        StunWire.put32(msg, 4, StunWire.MAGIC_COOKIE);
        System.arraycopy(body, 0, msg, 20, body.length);
        return msg;
    }
}
