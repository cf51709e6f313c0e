package org.tgari.voip.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tgari.voip.signaling.Vectors.HEX;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Ack, bundling and re-send behaviour of 8.0.0 signaling, driven by a fake clock. */
class AckedSignalingChannelTest {
    private static final byte[] KEY = Vectors.key(Vectors.deterministic());
    /** Decrypts what the caller emits (callee's receive direction) and vice versa. */
    private final SignalingCipher asCallee = new SignalingCipher(KEY, false, SignalingCipher.Kind.SIGNALING);
    private final SignalingCipher asCaller = new SignalingCipher(KEY, true, SignalingCipher.Kind.SIGNALING);

    private static Candidates msg(int i) {
        return new Candidates(List.of("candidate:" + i + " 1 udp 2122260223 192.0.2.1 " + (1000 + i) + " typ host"));
    }

    private static byte[] record(int seq, SignalingMessage m) {
        byte[] json = SignalingJson.encode(m);
        byte[] r = new byte[9 + json.length];
        Seq.writeBe(r, 0, seq);
        r[4] = 0x7F;
        Seq.writeBe(r, 5, json.length);
        System.arraycopy(json, 0, r, 9, json.length);
        return r;
    }

    private static String hex(Object... parts) {
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            sb.append(p instanceof byte[] b ? HEX.formatHex(b) : p.toString());
        }
        return sb.toString();
    }

    private static byte[] plainOf(SignalingCipher receiver, byte[] blob) {
        return ((SignalingCipher.Decrypted) receiver.decrypt(blob)).plain();
    }

    @Test
    void ackPacketLayout() {
        var caller = new ChannelHarness(SignalingVersion.V8_0_0, KEY, true);
        var callee = new ChannelHarness(SignalingVersion.V8_0_0, KEY, false);
        caller.channel.send(msg(1));
        callee.channel.receive(caller.blobs.poll());
        callee.timers.runAllPosted();
        assertThat(hex(plainOf(asCaller, callee.blobs.poll()))).isEqualTo("00000001" + "fe" + "40000001" + "ff");
        assertThat(callee.blobs).isEmpty();
    }

    @Test
    void unackedMessagesAreBundledBehindAnEmptyRecord() {
        var caller = new ChannelHarness(SignalingVersion.V8_0_0, KEY, true);
        caller.channel.send(msg(1));
        caller.channel.send(msg(2));
        caller.channel.send(msg(3));
        assertThat(caller.blobs).hasSize(3);
        byte[] m1 = record(0x40000001, msg(1));
        byte[] m2 = record(0x40000002, msg(2));
        byte[] m3 = record(0x40000004, msg(3));
        assertThat(hex(plainOf(asCallee, caller.blobs.poll()))).isEqualTo(hex(m1));
        assertThat(hex(plainOf(asCallee, caller.blobs.poll()))).isEqualTo(hex("00000003fe", m1, m2));
        assertThat(hex(plainOf(asCallee, caller.blobs.poll()))).isEqualTo(hex("00000005fe", m1, m2, m3));
        assertThat(caller.stats.resends()).isEqualTo(3);
        assertThat(caller.acked().unackedCount()).isEqualTo(3);
    }

    @Test
    void unackedMessageIsResentAfterFiveSecondsUntilAcked() {
        var caller = new ChannelHarness(SignalingVersion.V8_0_0, KEY, true);
        var callee = new ChannelHarness(SignalingVersion.V8_0_0, KEY, false);
        caller.channel.send(msg(1));
        byte[] first = caller.blobs.poll();
        caller.timers.advanceBy(4_999);
        assertThat(caller.blobs).isEmpty();
        caller.timers.advanceBy(1);
        byte[] m1 = record(0x40000001, msg(1));
        assertThat(hex(plainOf(asCallee, caller.blobs.poll()))).isEqualTo(hex("00000002fe", m1));
        caller.timers.advanceBy(5_000);
        byte[] third = caller.blobs.poll();
        assertThat(hex(plainOf(asCallee, third))).isEqualTo(hex("00000003fe", m1));
        assertThat(caller.stats.resends()).isEqualTo(2);

        callee.channel.receive(first);
        callee.channel.receive(third);
        assertThat(callee.messages).hasSize(1);
        assertThat(callee.stats.duplicateMessages()).isEqualTo(1);
        callee.timers.runAllPosted();
        assertThat(callee.blobs).hasSize(1);
        caller.channel.receive(callee.blobs.poll());
        assertThat(caller.acked().unackedCount()).isZero();
        caller.timers.advanceBy(60_000);
        assertThat(caller.blobs).isEmpty();
        assertThat(caller.timers.pendingCount()).isZero();
    }

    @Test
    void resendsRideOnOtherPacketsNoFasterThanThreeSeconds() {
        var caller = new ChannelHarness(SignalingVersion.V8_0_0, KEY, true);
        var callee = new ChannelHarness(SignalingVersion.V8_0_0, KEY, false);
        byte[] m1 = record(0x40000001, msg(1));
        caller.channel.send(msg(1));
        caller.blobs.clear();

        callee.channel.send(msg(10));
        caller.timers.advanceBy(1_000);
        caller.channel.receive(callee.blobs.poll());
        caller.timers.runAllPosted();
        assertThat(hex(plainOf(asCallee, caller.blobs.poll()))).isEqualTo("00000002fe40000001ff");

        // The callee never got that ack, so its next send bundles msg 10 (a repeat for us) with msg 11.
        callee.channel.send(msg(11));
        caller.timers.advanceBy(2_000);
        caller.channel.receive(callee.blobs.poll());
        caller.timers.runAllPosted();
        // 3 s after m1 went out it is due again and rides along with the acks.
        assertThat(hex(plainOf(asCallee, caller.blobs.poll()))).isEqualTo(hex("00000003fe40000001ff40000002ff", m1));
    }

    @Test
    void repeatedMessagesAreAckedAgainAfterAtMostFiveSeconds() {
        var caller = new ChannelHarness(SignalingVersion.V8_0_0, KEY, true);
        var callee = new ChannelHarness(SignalingVersion.V8_0_0, KEY, false);
        caller.channel.send(msg(1));
        byte[] first = caller.blobs.poll();
        caller.timers.advanceBy(5_000);
        byte[] resend = caller.blobs.poll();

        callee.channel.receive(first);
        callee.timers.runAllPosted();
        assertThat(callee.blobs.poll()).isNotNull();
        callee.channel.receive(resend);
        callee.timers.runAllPosted();
        assertThat(callee.blobs).as("no immediate ack for a repeat").isEmpty();
        callee.timers.advanceBy(4_999);
        assertThat(callee.blobs).isEmpty();
        callee.timers.advanceBy(1);
        assertThat(hex(plainOf(asCaller, callee.blobs.poll()))).isEqualTo("00000002fe40000001ff");
        assertThat(callee.messages).hasSize(1);
    }

    @Test
    void lossyLoopbackDeliversEverythingOnceInOrder() {
        FakeTimers clock = new FakeTimers(0);
        var caller = new ChannelHarness(SignalingVersion.V8_0_0, KEY, true, clock);
        var callee = new ChannelHarness(SignalingVersion.V8_0_0, KEY, false, clock);
        Random random = new Random(42);
        List<SignalingMessage> sentByCaller = new ArrayList<>();
        List<SignalingMessage> sentByCallee = new ArrayList<>();
        for (int step = 0; step < 4_000; step++) {
            int action = random.nextInt(10);
            if (action == 0 && sentByCaller.size() < 150) {
                sentByCaller.add(msg(sentByCaller.size()));
                caller.channel.send(sentByCaller.getLast());
            } else if (action == 1 && sentByCallee.size() < 150) {
                sentByCallee.add(msg(10_000 + sentByCallee.size()));
                callee.channel.send(sentByCallee.getLast());
            } else if (action < 6) {
                shuttle(caller, callee, random, 0.3);
                shuttle(callee, caller, random, 0.3);
            } else {
                clock.advanceBy(random.nextInt(1_500));
            }
        }
        for (int i = 0; i < 100; i++) {
            clock.advanceBy(1_000);
            shuttle(caller, callee, random, 0);
            shuttle(callee, caller, random, 0);
        }
        assertThat(List.copyOf(callee.messages)).containsExactlyElementsOf(sentByCaller);
        assertThat(List.copyOf(caller.messages)).containsExactlyElementsOf(sentByCallee);
        assertThat(caller.acked().unackedCount()).isZero();
        assertThat(callee.acked().unackedCount()).isZero();
        assertThat(caller.stats.resends()).isPositive();
        assertThat(callee.stats.duplicateMessages()).isPositive();
        clock.advanceBy(60_000);
        assertThat(clock.pendingCount()).isZero();
    }

    private static void shuttle(ChannelHarness from, ChannelHarness to, Random random, double loss) {
        from.timers.runAllPosted();
        while (!from.blobs.isEmpty()) {
            byte[] blob = from.blobs.poll();
            if (random.nextDouble() >= loss) {
                to.channel.receive(blob);
            }
        }
    }

    @Test
    void closeCancelsTimersAndRefusesTraffic() {
        var caller = new ChannelHarness(SignalingVersion.V8_0_0, KEY, true);
        caller.channel.send(msg(1));
        caller.channel.send(msg(2));
        assertThat(caller.timers.pendingCount()).isPositive();
        byte[] blob = caller.blobs.peek();
        caller.channel.close();
        assertThat(caller.timers.pendingCount()).isZero();
        caller.channel.send(msg(3));
        caller.channel.receive(blob);
        assertThat(caller.stats.sendRejected()).isEqualTo(1);
        assertThat(caller.stats.droppedClosed()).isEqualTo(1);
        assertThat(caller.stats.blobsOut()).isEqualTo(2);
    }

    @Test
    void outgoingPacketsStayWithinSixteenKiB() {
        int overhead = SignalingJson.encode(new Candidates(List.of(""))).length;
        for (SignalingVersion v : SignalingVersion.values()) {
            int header = v == SignalingVersion.V8_0_0 ? 9 : 4;
            int largest = 16_384 - 16 - header - overhead;
            var h = new ChannelHarness(v, KEY, true);
            h.channel.send(new Candidates(List.of("x".repeat(largest))));
            assertThat(h.blobs.poll()).as(v.wire()).hasSize(16_384);
            h.channel.send(new Candidates(List.of("x".repeat(largest + 1))));
            assertThat(h.blobs).as(v.wire()).isEmpty();
            assertThat(h.stats.sendRejected()).isEqualTo(1);
            assertThat(h.stats.messagesOut()).isEqualTo(1);
        }
    }

    @Test
    void bundleTruncatesAtTheLimitAndCarriesTheRestLater() {
        var caller = new ChannelHarness(SignalingVersion.V8_0_0, KEY, true);
        var callee = new ChannelHarness(SignalingVersion.V8_0_0, KEY, false);
        List<SignalingMessage> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(new Candidates(List.of(i + "y".repeat(6_000))));
            caller.channel.send(sent.getLast());
        }
        assertThat(caller.allBlobs).allSatisfy(b -> assertThat(b.length).isLessThanOrEqualTo(16_384));
        // Only the in-order prefix that fits travels, so nothing past message 2 reaches the peer yet.
        caller.allBlobs.forEach(callee.channel::receive);
        assertThat(callee.messages).hasSize(2);
        for (int round = 0; round < 5; round++) {
            callee.timers.runAllPosted();
            callee.blobs.forEach(caller.channel::receive);
            callee.blobs.clear();
            caller.blobs.clear();
            caller.timers.advanceBy(5_000);
            caller.blobs.forEach(callee.channel::receive);
        }
        assertThat(List.copyOf(callee.messages)).containsExactlyElementsOf(sent);
    }
}
