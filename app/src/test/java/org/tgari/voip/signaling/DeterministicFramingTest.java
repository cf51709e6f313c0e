package org.tgari.voip.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The framing cases of deterministic_signaling_crypto.txt, produced by our channels, for isOutgoing 1 and 0. */
class DeterministicFramingTest {
    private static final List<Vectors.Line> DET = Vectors.deterministic();
    private static final byte[] KEY = Vectors.key(DET);
    private static final SignalingMessage JSON = SignalingJson.decode(Vectors.first(DET, "JSON").utf8()).orElseThrow();

    private static String role(boolean outgoing) {
        return outgoing ? "outgoing" : "incoming";
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void v1RawPacketsAndGzipReceive(boolean outgoing) {
        var sender = new ChannelHarness(SignalingVersion.V7_0_0, KEY, outgoing);
        sender.channel.send(JSON);
        sender.channel.send(JSON);
        assertThat(sender.blobs.poll()).isEqualTo(Vectors.first(DET, "RAW", "role", role(outgoing), "n", "1").hex("cipher"));
        assertThat(sender.blobs.poll()).isEqualTo(Vectors.first(DET, "RAW", "role", role(outgoing), "n", "2").hex("cipher"));

        var peer = new ChannelHarness(SignalingVersion.V7_0_0, KEY, !outgoing);
        for (String n : List.of("1", "2")) {
            peer.channel.receive(Vectors.first(DET, "RAW", "role", role(outgoing), "n", n).hex("cipher"));
        }
        // 7.0.0 never sends gzip, but tgcalls accepts it on receive (12/13.0.0 peers send it), and so do we.
        peer.channel.receive(Vectors.first(DET, "RAWGZ", "role", role(outgoing), "n", "3").hex("cipher"));
        assertThat(List.copyOf(peer.messages)).containsExactly(JSON, JSON, JSON);
        assertThat(peer.blobs).as("V1 never acks").isEmpty();
        assertThat(peer.timers.pendingCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void v2MessageAckAndNoAckRecords(boolean outgoing) {
        var sender = new ChannelHarness(SignalingVersion.V8_0_0, KEY, outgoing);
        var peer = new ChannelHarness(SignalingVersion.V8_0_0, KEY, !outgoing);
        byte[] message = Vectors.first(DET, "V2MSG", "role", role(outgoing)).hex("cipher");
        byte[] ack = Vectors.first(DET, "V2ACK", "from", role(!outgoing)).hex("cipher");

        sender.channel.send(JSON);
        assertThat(sender.blobs.poll()).isEqualTo(message);
        assertThat(sender.acked().unackedCount()).isEqualTo(1);

        peer.channel.receive(message);
        assertThat(List.copyOf(peer.messages)).containsExactly(JSON);
        assertThat(peer.blobs).as("the ack goes out in a posted task, not inline").isEmpty();
        peer.timers.runAllPosted();
        assertThat(peer.blobs.poll()).isEqualTo(ack);
        assertThat(peer.stats.acksSent()).isEqualTo(1);

        sender.channel.receive(ack);
        assertThat(sender.acked().unackedCount()).isZero();
        assertThat(sender.messages).as("ack-only packets yield no message").isEmpty();
        assertThat(sender.stats.acksReceived()).isEqualTo(1);

        // Single-message records without ack (transport style) are accepted and never acked.
        peer.channel.receive(Vectors.first(DET, "V2MSG_NOACK", "role", role(outgoing)).hex("cipher"));
        assertThat(peer.messages).hasSize(2);
        assertThat(peer.acked().pendingAckCount()).isZero();
        peer.timers.advanceBy(60_000);
        assertThat(peer.blobs).isEmpty();
    }
}
