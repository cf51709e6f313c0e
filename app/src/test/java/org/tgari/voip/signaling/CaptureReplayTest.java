package org.tgari.voip.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Replays the live tgcalls captures through our channel and demands identical blobs and messages. */
class CaptureReplayTest {
    static final List<String> CAPTURES = Vectors.CAPTURES;

    /**
     * Drives a channel in the capture's own role with the capture's events: JSON-SEND becomes send(), DEC becomes
     * receive() of that blob, and an ENC that no JSON-SEND caused is a posted service task (ack/re-send packet).
     * Every EMIT must be exactly our next blob; every signaling JSON-RECV exactly our next delivered message.
     */
    @ParameterizedTest
    @FieldSource("CAPTURES")
    void ownRoleReproducesEveryEmitAndEveryMessage(String file) {
        List<Vectors.Line> lines = Vectors.capture(file);
        var h = new ChannelHarness(Vectors.versionOf(lines), Vectors.key(lines), Vectors.isOutgoing(lines),
                new FakeTimers(0));
        int emits = 0;
        int received = 0;
        for (Vectors.Line l : lines) {
            h.timers.setNow(l.ms());
            switch (l.tag()) {
                case "JSON-SEND" -> h.channel.send(SignalingJson.decode(l.utf8()).orElseThrow());
                case "ENC" -> {
                    if (!lines.get(l.index() - 1).is("JSON-SEND")) {
                        while (h.blobs.isEmpty() && h.timers.runOnePosted()) {
                            // a posted service task that found nothing to send emits nothing, as in tgcalls
                        }
                    }
                }
                case "EMIT" -> {
                    assertThat(h.blobs).as("blob for EMIT at line %d", l.index()).isNotEmpty();
                    assertThat(h.blobs.poll()).as("EMIT line %d", l.index()).isEqualTo(l.base64());
                    emits++;
                }
                case "DEC" -> h.channel.receive(l.hex("cipher"));
                case "JSON-RECV" -> {
                    if (!lines.get(l.index() - 1).is("DC-RECV")) {
                        assertThat(h.messages).as("message for line %d", l.index()).isNotEmpty();
                        SignalingMessage m = h.messages.poll();
                        assertThat(m).isEqualTo(SignalingJson.decode(l.utf8()).orElseThrow());
                        assertThat(new String(SignalingJson.encode(m), StandardCharsets.UTF_8)).isEqualTo(l.payload());
                        received++;
                    }
                }
                default -> { }
            }
        }
        assertThat(h.blobs).isEmpty();
        assertThat(h.messages).isEmpty();
        assertThat(emits).isEqualTo(lines.stream().filter(l -> l.is("EMIT")).count());
        assertThat(received).isEqualTo(4);
        assertThat(h.stats.blobsOut()).isEqualTo(emits);
        assertThat(h.stats.messagesOut()).isEqualTo(4);
        assertThat(h.stats.accepted()).isEqualTo(h.stats.blobsIn());
    }

    /** The peer's blobs alone, fed in order into a fresh channel of this role, deliver this role's JSON-RECV lines. */
    @ParameterizedTest
    @FieldSource("CAPTURES")
    void peerEmitsDeliverOurJsonRecvInOrder(String file) {
        List<Vectors.Line> ours = Vectors.capture(file);
        String peerFile = file.contains("_A_") ? file.replace("A_outgoing", "B_incoming") : file.replace("B_incoming", "A_outgoing");
        List<Vectors.Line> peer = Vectors.capture(peerFile);
        var h = new ChannelHarness(Vectors.versionOf(ours), Vectors.key(ours), Vectors.isOutgoing(ours));
        peer.stream().filter(l -> l.is("EMIT")).forEach(l -> h.channel.receive(l.base64()));

        List<SignalingMessage> expected = Vectors.signalingJsonRecv(ours).stream()
                .map(l -> SignalingJson.decode(l.utf8()).orElseThrow()).toList();
        assertThat(expected).hasSize(4);
        assertThat(List.copyOf(h.messages)).containsExactlyElementsOf(expected);
        assertThat(h.stats.badMsgKey() + h.stats.malformed() + h.stats.replayed()).isZero();
        if (Vectors.versionOf(ours) == SignalingVersion.V8_0_0) {
            assertThat(h.stats.duplicateMessages()).as("re-sent bundles were deduplicated").isPositive();
        }
    }

    /** A blob received twice is delivered once; the second copy is counted as a replay. */
    @ParameterizedTest
    @FieldSource("CAPTURES")
    void recvBlobTwiceDeliversOnce(String file) {
        List<Vectors.Line> lines = Vectors.capture(file);
        var h = new ChannelHarness(Vectors.versionOf(lines), Vectors.key(lines), Vectors.isOutgoing(lines));
        byte[] first = lines.stream().filter(l -> l.is("RECV")).findFirst().orElseThrow().base64();
        h.channel.receive(first);
        h.channel.receive(first);
        assertThat(h.messages).hasSize(1);
        assertThat(h.stats.replayed()).isEqualTo(1);
        assertThat(h.stats.accepted()).isEqualTo(1);
        assertThat(h.stats.blobsIn()).isEqualTo(h.outcomes());
    }
}
