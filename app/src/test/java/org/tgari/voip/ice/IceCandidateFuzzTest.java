package org.tgari.voip.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IceCandidateFuzzTest {
    private static final int ITERATIONS = 20_000;

    @Test
    void candidateParserSurvivesMutatedStrings() {
        SplittableRandom random = new SplittableRandom(42);
        String[] seeds = {
                "candidate:3952505450 1 udp 2122260224 198.18.0.2 52922 typ host generation 0 ufrag SmMg network-id 2 network-cost 50",
                "candidate:3391442108 1 udp 24911615 reflector-2-3340972718.reflector 598 typ relay generation 0 ufrag gH3k network-id 1",
                "candidate:842163049 1 udp 1686052607 203.0.113.7 61001 typ srflx raddr 192.168.1.20 rport 53219 generation 0",
        };
        String alphabet = " :-.0123456789abcdefxyzAZ/+\u0000\u00e9";
        int parsed = 0;
        int rejected = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            StringBuilder s = new StringBuilder(seeds[i % seeds.length]);
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits && !s.isEmpty(); e++) {
                int at = random.nextInt(s.length());
                switch (random.nextInt(3)) {
                    case 0 -> s.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> s.deleteCharAt(at);
                    default -> s.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            switch (IceCandidate.parse(s.toString())) {
                case IceCandidate.Parse.Parsed(IceCandidate c) -> {
                    parsed++;
                    // whatever parses must format to something that parses to the same candidate
                    assertThat(IceCandidate.parse(c.toSdpString())).isEqualTo(new IceCandidate.Parse.Parsed(c));
                }
                case IceCandidate.Parse.Rejected(String reason) -> {
                    rejected++;
                    assertThat(reason).isNotBlank();
                }
            }
        }
        assertThat(parsed + rejected).isEqualTo(ITERATIONS);
        assertThat(parsed).isPositive();
        assertThat(rejected).isPositive();
    }
}
