package org.tgari.voip.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tgari.voip.srtp.SrtpVectorsTest.MASTER_KEY;
import static org.tgari.voip.srtp.SrtpVectorsTest.MASTER_SALT;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Bounded fuzzing with a fixed seed: no exception, nothing forged is accepted, every result is counted. */
class SrtpFuzzTest {
    private static final int ITERATIONS = 20_000;

    @Test
    void unprotectRejectsRandomAndMutatedPackets() {
        SplittableRandom random = new SplittableRandom(0xF022L);
        SrtpContext sender = SrtpContext.forSending(MASTER_KEY, MASTER_SALT);
        SrtpContext receiver = SrtpContext.forReceiving(MASTER_KEY, MASTER_SALT);
        byte[][] genuineRtp = new byte[16][];
        byte[][] genuineRtcp = new byte[16][];
        for (int i = 0; i < 16; i++) {
            byte[] plain = SrtpRoundTripTest.rtp(65530 + i, 0x1234, 10 + 7 * i);
            genuineRtp[i] = Arrays.copyOf(plain, plain.length + 10);
            sender.protectRtp(genuineRtp[i], 0, plain.length);
            byte[] rtcp = new byte[8 + 4 * i];
            rtcp[0] = (byte) 0x80;
            rtcp[1] = (byte) 201;
            rtcp[7] = 9;
            genuineRtcp[i] = Arrays.copyOf(rtcp, rtcp.length + 14);
            sender.protectRtcp(genuineRtcp[i], 0, rtcp.length);
        }
        int[] counts = new int[4]; // AUTH_FAIL, REPLAY, MALFORMED, accepted
        int unchangedCopies = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            boolean rtcp = (i & 1) == 1;
            byte[][] seeds = rtcp ? genuineRtcp : genuineRtp;
            byte[] input = switch ((i >>> 1) % 3) {
                case 0 -> randomBytes(random, random.nextInt(200));
                case 1 -> truncate(random, seeds[random.nextInt(seeds.length)]);
                default -> mutate(random, seeds[random.nextInt(seeds.length)].clone());
            };
            if (input.length > 0 && random.nextBoolean()) input[0] = (byte) (0x80 | (input[0] & 0x3F)); // reach past the version check
            // flips can cancel out (or be undone by the version fix-up): such inputs are genuine, not forged;
            // a genuine post-wrap packet arriving first may still fail auth, since a new receiver assumes ROC 0
            boolean genuine = isGenuine(input, seeds);
            int result = rtcp ? receiver.unprotectRtcp(input, 0, input.length) : receiver.unprotectRtp(input, 0, input.length);
            if (genuine) {
                unchangedCopies++;
                assertThat(result).isNotEqualTo(SrtpResult.MALFORMED);
                continue;
            }
            switch (result) {
                case SrtpResult.AUTH_FAIL -> counts[0]++;
                case SrtpResult.REPLAY -> counts[1]++;
                case SrtpResult.MALFORMED -> counts[2]++;
                default -> counts[3]++;
            }
        }
        assertThat(counts[3]).as("forged packets accepted").isZero();
        assertThat(counts[0] + counts[1] + counts[2] + unchangedCopies).isEqualTo(ITERATIONS);
        assertThat(counts[0]).isPositive();
        assertThat(counts[2]).isPositive();
        // genuine packets not yet delivered are still accepted: rejected input left no state behind
        SrtpContext fresh = SrtpContext.forReceiving(MASTER_KEY, MASTER_SALT);
        for (byte[] p : genuineRtp) assertThat(fresh.unprotectRtp(p.clone(), 0, p.length)).isPositive();
        for (byte[] p : genuineRtcp) assertThat(fresh.unprotectRtcp(p.clone(), 0, p.length)).isPositive();
    }

    @Test
    void protectNeverThrowsOnArbitraryInput() {
        SplittableRandom random = new SplittableRandom(7);
        SrtpContext sender = SrtpContext.forSending(MASTER_KEY, MASTER_SALT);
        int protectedCount = 0;
        int malformed = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            int len = random.nextInt(120);
            byte[] buf = randomBytes(random, len + random.nextInt(20));
            if (len > 0 && random.nextBoolean()) buf[0] = (byte) (0x80 | (buf[0] & 0x20));
            int n = (i & 1) == 0 ? sender.protectRtp(buf, 0, len) : sender.protectRtcp(buf, 0, len);
            if (n == SrtpResult.MALFORMED) malformed++;
            else if (n == len + ((i & 1) == 0 ? 10 : 14)) protectedCount++;
        }
        assertThat(protectedCount + malformed).isEqualTo(ITERATIONS);
        assertThat(protectedCount).isPositive();
    }

    private static boolean isGenuine(byte[] input, byte[][] seeds) {
        for (byte[] seed : seeds) {
            if (Arrays.equals(seed, input)) return true;
        }
        return false;
    }

    private static byte[] randomBytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] truncate(SplittableRandom random, byte[] b) {
        return Arrays.copyOf(b, random.nextInt(b.length));
    }

    private static byte[] mutate(SplittableRandom random, byte[] b) {
        int flips = 1 + random.nextInt(3);
        for (int k = 0; k < flips; k++) b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        return b;
    }
}
