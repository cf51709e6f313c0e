package org.tgari.voip.signaling;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** One channel wired to recording sinks and fake timers. */
final class ChannelHarness {
    final FakeTimers timers;
    final SignalingStats stats = new SignalingStats();
    final Deque<byte[]> blobs = new ArrayDeque<>();
    final List<byte[]> allBlobs = new ArrayList<>();
    final Deque<SignalingMessage> messages = new ArrayDeque<>();
    final SignalingChannel channel;

    ChannelHarness(SignalingVersion version, byte[] key, boolean outgoing, FakeTimers timers) {
        this.timers = timers;
        this.channel = SignalingChannel.create(version, key, outgoing, timers, b -> {
            blobs.add(b);
            allBlobs.add(b);
        }, messages::add, stats);
    }

    ChannelHarness(SignalingVersion version, byte[] key, boolean outgoing) {
        this(version, key, outgoing, new FakeTimers(1_000_000));
    }

    AckedSignalingChannel acked() {
        return (AckedSignalingChannel) channel;
    }

    long outcomes() {
        return stats.accepted() + stats.badSize() + stats.badMsgKey() + stats.replayed() + stats.malformed()
                + stats.droppedClosed();
    }
}
