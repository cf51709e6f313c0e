package org.tgari.voip.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tgari.voip.stun.StunAttribute;
import org.tgari.voip.stun.StunMessage;
import org.tgari.voip.stun.StunMessageBuilder;

/** Bounded fuzzing with a fixed seed: the TURN response parser never throws and never accepts a mutated signed message. */
class TurnFuzzTest {
    private static final int ITERATIONS = 20_000;
    private static final byte[] KEY = StunMessage.longTermKey("alice", "tgari.test", "secret");

    @Test
    void turnResponseParserSurvivesRandomAndMutatedInput() throws Exception {
        SplittableRandom random = new SplittableRandom(0x7E_5EEDL);
        byte[] tid = new byte[12];
        random.nextBytes(tid);
        var relayed = new InetSocketAddress(InetAddress.getByName("198.51.100.7"), 50000);
        byte[][] seeds = {
                StunMessageBuilder.of(TurnMethod.ALLOCATE.success(), tid).add(new StunAttribute.XorRelayedAddress(relayed))
                        .add(new StunAttribute.Lifetime(600)).add(new StunAttribute.XorMappedAddress(relayed)).build(KEY, true),
                StunMessageBuilder.of(TurnMethod.ALLOCATE.error(), tid).add(new StunAttribute.ErrorCode(401, "Unauthorized"))
                        .add(new StunAttribute.Realm("tgari.test")).add(new StunAttribute.Nonce("abcdef")).build(null, false),
                StunMessageBuilder.of(TurnMethod.DATA.indication(), tid).add(new StunAttribute.XorPeerAddress(relayed))
                        .add(new StunAttribute.Data(new byte[37])).build(null, false),
                StunMessageBuilder.of(TurnMethod.CHANNEL_BIND.success(), tid).build(KEY, false),
                StunMessageBuilder.of(TurnMethod.REFRESH.error(), tid).add(new StunAttribute.ErrorCode(438, "Stale Nonce"))
                        .add(new StunAttribute.Nonce("x")).build(KEY, false),
        };
        int accepted = 0, rejected = 0, signedMutantsAccepted = 0, mutantsMeaningTheSame = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] seed = seeds[i % seeds.length];
            boolean mutated = true;
            byte[] input = switch (i % 4) {
                case 0 -> randomBytes(random, random.nextInt(120));
                case 1 -> Arrays.copyOf(seed, random.nextInt(seed.length + 1));
                case 2 -> flipBits(random, seed.clone());
                default -> {
                    mutated = false;
                    yield seed.clone();
                }
            };
            TurnResponse r = TurnResponseParser.parse(input, 0, input.length, random.nextBoolean() ? KEY : null);
            if (r instanceof TurnResponse.Rejected(String reason)) {
                rejected++;
                assertThat(reason).isNotBlank();
            } else {
                accepted++;
                // Bytes after MESSAGE-INTEGRITY are unauthenticated and ignored (RFC 8489 §14.5), so a mutant may
                // still pass, but then it must mean exactly what the signed original meant.
                boolean needsIntegrity = r instanceof TurnResponse.Allocated || r instanceof TurnResponse.ChannelBound;
                if (mutated && needsIntegrity && !r.equals(TurnResponseParser.parse(seed, 0, seed.length, KEY))) signedMutantsAccepted++;
                if (mutated && needsIntegrity && !Arrays.equals(input, seed)) mutantsMeaningTheSame++;
            }
        }
        assertThat(accepted + rejected).isEqualTo(ITERATIONS);
        assertThat(signedMutantsAccepted).as("integrity catches every change that would alter a signed success").isZero();
        assertThat(mutantsMeaningTheSame).as("only flips after MESSAGE-INTEGRITY survive, and they are few").isLessThan(ITERATIONS / 100);
        assertThat(accepted).isPositive();
        assertThat(rejected).isGreaterThan(ITERATIONS / 3);
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
}
