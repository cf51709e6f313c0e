package org.tgari.voip.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tgari.voip.signaling.Vectors.HEX;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The 8.0.0 record framing between two of our channels: acks, resends, dedup, bad input. */
class ReliableChannelTest {

    private final FakeTimers clock = new FakeTimers();
    private final List<byte[]> fromA = new ArrayList<>();
    private final List<byte[]> fromB = new ArrayList<>();
    private final List<SignalingMessage> atA = new ArrayList<>();
    private final List<SignalingMessage> atB = new ArrayList<>();
    private final SignalingStats statsA = new SignalingStats();
    private final SignalingStats statsB = new SignalingStats();
    private final SignalingChannel a = SignalingChannel.create(SignalingVersion.V8_0_0, Vectors.key(), true, clock, fromA::add, atA::add, statsA);
    private final SignalingChannel b = SignalingChannel.create(SignalingVersion.V8_0_0, Vectors.key(), false, clock, fromB::add, atB::add, statsB);
    private final SignalingCipher bView = new SignalingCipher(Vectors.key(), true, true); // decrypts what B sends (A's receive side)

    private static Candidates cand(int i) {
        return new Candidates(List.of("candidate:" + i + " 1 udp 2122260224 10.0.0." + i + " 5000 typ host generation 0"));
    }

    @Test
    void receiverAcksANewMessageAtOnceWithTheExactLayout() {
        a.send(cand(1));
        assertThat(fromA).hasSize(1);
        b.receive(fromA.get(0));
        assertThat(atB).containsExactly(cand(1));
        assertThat(fromB).as("immediate ack packet").hasSize(1);
        assertThat(HEX.formatHex(bView.decrypt(fromB.get(0)))).isEqualTo("00000001fe40000001ff");
        a.receive(fromB.get(0));
        assertThat(((ReliableSignalingChannel) a).unackedCount()).isZero();
    }

    @Test
    void unackedMessagesAreBundledAgainBehindAnEmptyRecordAndDeliveredOnce() {
        a.send(cand(1));
        a.send(cand(2)); // the first is still unacked: both go in one packet behind an empty record
        assertThat(fromA).hasSize(2);
        var plain = new SignalingCipher(Vectors.key(), false, true).decrypt(fromA.get(1));
        assertThat(HEX.formatHex(plain, 0, 5)).isEqualTo("00000003fe");
        assertThat(HEX.formatHex(plain, 5, 10)).isEqualTo("400000017f");
        b.receive(fromA.get(0));
        b.receive(fromA.get(1));
        assertThat(atB).as("the repeated first message is not delivered twice").containsExactly(cand(1), cand(2));
    }

    @Test
    void lostPacketsAreResentAfterTheTimerUntilAcked() {
        a.send(cand(1)); // lost
        assertThat(fromA).hasSize(1);
        clock.advance(ReliableSignalingChannel.MAX_RESEND_MS);
        assertThat(fromA).as("resent when the resend timer fires").hasSize(2);
        assertThat(statsA.resends()).isEqualTo(1);
        b.receive(fromA.get(1));
        assertThat(atB).containsExactly(cand(1));
        a.receive(fromB.get(fromB.size() - 1));
        int before = fromA.size();
        clock.advance(60_000);
        assertThat(fromA).as("nothing more once acked").hasSize(before);
    }

    @Test
    void badBlobsAreCountedAndDropped() {
        a.send(cand(1));
        byte[] good = fromA.get(0);
        byte[] flipped = good.clone();
        flipped[20] ^= 1;
        b.receive(flipped);
        b.receive(new byte[5]);
        b.receive(new byte[200 * 1024]);
        b.receive(null);
        assertThat(statsB.badMsgKey()).isEqualTo(1);
        assertThat(statsB.badSize()).isEqualTo(3);
        // framing errors inside a correctly encrypted packet: ack first, empty not first, truncated length
        var aCipher = new SignalingCipher(Vectors.key(), true, true);
        b.receive(aCipher.encrypt(HEX.parseHex("00000010ff")));
        b.receive(aCipher.encrypt(HEX.parseHex("00000011fe00000012fe")));
        b.receive(aCipher.encrypt(HEX.parseHex("400000137f000000ff7b7d")));
        b.receive(aCipher.encrypt(HEX.parseHex("0000001477")));
        assertThat(statsB.malformed()).isEqualTo(4);
        b.receive(aCipher.encrypt(HEX.parseHex("400000157f00000002" + "7b7d")));
        assertThat(statsB.unknownMessages()).as("{} has no @type").isEqualTo(1);
        assertThat(atB).isEmpty();
        b.receive(good);
        assertThat(atB).containsExactly(cand(1));
    }

    @Test
    void versionSevenSendsEachMessageAloneAndRefusesReplays() {
        List<byte[]> out = new ArrayList<>();
        List<SignalingMessage> in = new ArrayList<>();
        var stats = new SignalingStats();
        var tx = SignalingChannel.create(SignalingVersion.V7_0_0, Vectors.key(), true, clock, out::add, m -> { }, new SignalingStats());
        var rx = SignalingChannel.create(SignalingVersion.V7_0_0, Vectors.key(), false, clock, b -> { }, in::add, stats);
        tx.send(cand(1));
        tx.send(cand(2));
        var plain = new SignalingCipher(Vectors.key(), false, true).decrypt(out.get(1));
        assertThat(HEX.formatHex(plain, 0, 4)).isEqualTo("00000002");
        rx.receive(out.get(1));
        rx.receive(out.get(0));
        rx.receive(out.get(0));
        assertThat(in).containsExactly(cand(2), cand(1));
        assertThat(stats.replayed()).isEqualTo(1);
    }

    @Test
    void fuzzedBlobsNeverThrowAndAreAllAccountedFor() {
        var r = new Random(7);
        a.send(cand(1));
        a.send(new InitialSetup("abcd", "p".repeat(24), false, List.of(new Fingerprint("sha-256", "actpass", "AA:BB"))));
        byte[] seed = fromA.get(1);
        var aCipher = new SignalingCipher(Vectors.key(), true, true);
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            byte[] blob;
            switch (i % 3) {
                case 0 -> {
                    blob = seed.clone();
                    blob[r.nextInt(blob.length)] ^= (byte) (1 + r.nextInt(255));
                }
                case 1 -> {
                    blob = new byte[r.nextInt(64)];
                    r.nextBytes(blob);
                }
                default -> {
                    // correctly encrypted, with a random framing or (every other time) a valid empty packet
                    byte[] p = new byte[(i & 1) == 0 ? 5 + r.nextInt(40) : 5];
                    r.nextBytes(p);
                    p[0] &= 0x3F;
                    if ((i & 1) == 1) p[4] = (byte) 0xFE;
                    blob = aCipher.encrypt(p);
                }
            }
            b.receive(blob);
        }
        long accounted = statsB.badSize() + statsB.badMsgKey() + statsB.replayed() + statsB.malformed() + statsB.accepted();
        assertThat(statsB.blobsIn()).isEqualTo(n);
        assertThat(accounted).as("every blob counted exactly once").isEqualTo(n);
        assertThat(statsB.accepted()).as("some random framings are valid").isPositive();
    }
}
