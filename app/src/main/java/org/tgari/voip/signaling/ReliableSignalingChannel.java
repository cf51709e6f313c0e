package org.tgari.voip.signaling;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.tgari.wire.Bytes;

/**
 * Signaling of version 8.0.0 (tgcalls' "raw message" records with acks): every JSON message requires an
 * ack; while earlier ones are unacked, a new packet starts with an empty record and carries every
 * unacked message again, in order, with its original sequence number; acks ride along. Received
 * messages are acked at once when new, deduplicated by counter, and delivered in order.
 */
final class ReliableSignalingChannel implements SignalingChannel {

    static final long MIN_RESEND_MS = 3000;
    static final long MAX_RESEND_MS = 5000;
    static final long MAX_ACK_DELAY_MS = 5000;
    static final int MAX_UNACKED = 65536;

    /** A message of ours not yet acked: its serialized record and when it last left. */
    private static final class Unacked {
        final byte[] record;
        final long seq;
        long lastSentMs;

        Unacked(byte[] record, long seq, long lastSentMs) {
            this.record = record;
            this.seq = seq;
            this.lastSentMs = lastSentMs;
        }
    }

    private final SignalingCipher cipher;
    private final SignalingTimers timers;
    private final Consumer<byte[]> blobOut;
    private final Consumer<SignalingMessage> messageIn;
    private final SignalingStats stats;
    private final IncomingPackets incoming;
    private final List<Unacked> unacked = new ArrayList<>();
    private final List<Long> acksToSend = new ArrayList<>();
    private final List<Long> acksSentCounters = new ArrayList<>();
    private long counter;
    private Runnable cancelResend;
    private Runnable cancelAck;
    private boolean closed;

    ReliableSignalingChannel(SignalingCipher cipher, SignalingTimers timers, Consumer<byte[]> blobOut,
                             Consumer<SignalingMessage> messageIn, SignalingStats stats) {
        this.cipher = cipher;
        this.timers = timers;
        this.blobOut = blobOut;
        this.messageIn = messageIn;
        this.stats = stats;
        this.incoming = new IncomingPackets(cipher, stats);
    }

    @Override
    public void send(SignalingMessage m) {
        if (closed) return;
        if (unacked.size() >= MAX_UNACKED || counter >= RawSignalingChannel.MAX_COUNTER) {
            stats.tooLarge++;
            return;
        }
        byte[] json = SignalingJson.encode(m);
        long seq = (++counter) | Frames.REQUIRES_ACK_BIT;
        byte[] record = new byte[9 + json.length];
        Bytes.putU32(record, 0, seq);
        record[4] = (byte) Frames.TYPE_CUSTOM;
        Bytes.putU32(record, 5, json.length);
        System.arraycopy(json, 0, record, 9, json.length);
        if (16 + record.length > RawSignalingChannel.MAX_SIGNALING_PACKET) {
            stats.tooLarge++;
            return;
        }
        stats.messagesOut++;
        long now = timers.nowMs();
        if (unacked.isEmpty()) {
            var packet = new ByteArrayOutputStream(record.length + 64);
            packet.writeBytes(record);
            appendAdditional(packet, now);
            unacked.add(new Unacked(record, seq, now));
            ensureResendTimer();
            emit(packet.toByteArray());
            return;
        }
        // Earlier messages still wait for their ack: all go again, in order, behind an empty record.
        unacked.add(new Unacked(record, seq, now));
        for (Unacked u : unacked) u.lastSentMs = 0;
        service();
    }

    /** Sends an empty-record packet carrying pending acks and due resends, if there is any. */
    private void service() {
        if (closed || unacked.isEmpty() && acksToSend.isEmpty()) return;
        var packet = new ByteArrayOutputStream(256);
        byte[] head = new byte[5];
        Bytes.putU32(head, 0, ++counter);
        head[4] = (byte) Frames.TYPE_EMPTY;
        packet.writeBytes(head);
        appendAdditional(packet, timers.nowMs());
        emit(packet.toByteArray());
    }

    private void appendAdditional(ByteArrayOutputStream packet, long now) {
        int i = 0;
        for (; i < acksToSend.size() && fits(packet, 5); i++) {
            byte[] ack = new byte[5];
            Bytes.putU32(ack, 0, acksToSend.get(i));
            ack[4] = (byte) Frames.TYPE_ACK;
            packet.writeBytes(ack);
            stats.acksSent++;
        }
        acksToSend.subList(0, i).clear();
        if (unacked.isEmpty()) return;
        for (Unacked u : unacked) {
            long due = u.lastSentMs == 0 ? 0 : u.lastSentMs + MIN_RESEND_MS;
            if (due > now || !fits(packet, u.record.length)) break;
            if (u.lastSentMs != 0 || packet.size() > 5) stats.resends++;
            packet.writeBytes(u.record);
            u.lastSentMs = now;
        }
        ensureResendTimer();
    }

    private void ensureResendTimer() {
        if (cancelResend != null || closed) return;
        cancelResend = timers.schedule(MAX_RESEND_MS, () -> {
            cancelResend = null;
            service();
        });
    }

    private static boolean fits(ByteArrayOutputStream packet, int more) {
        return 16 + packet.size() + more <= RawSignalingChannel.MAX_SIGNALING_PACKET;
    }

    private void emit(byte[] plain) {
        stats.blobsOut++;
        blobOut.accept(cipher.encrypt(plain));
    }

    @Override
    public void receive(byte[] blob) {
        if (closed) return;
        byte[] plain = incoming.open(blob);
        if (plain == null) return;
        long seq = Bytes.u32(plain, 0);
        List<byte[]> messages = parse(plain, seq);
        if (messages == null) {
            stats.malformed++;
            return;
        }
        stats.accepted++;
        for (byte[] json : messages) {
            var m = SignalingJson.decode(json);
            if (m.isEmpty()) {
                stats.unknownMessages++;
                continue;
            }
            stats.messagesIn++;
            messageIn.accept(m.get());
            if (closed) return;
        }
    }

    /** Walks the records; null when the packet breaks the framing rules (then nothing of it is delivered). */
    private List<byte[]> parse(byte[] plain, long packetSeq) {
        List<byte[]> out = new ArrayList<>();
        boolean additional = false;
        boolean firstRequiringAck = true;
        boolean newRequiringAck = false;
        long seq = packetSeq;
        int pos = 4;
        while (true) {
            if (pos >= plain.length) return null;
            int type = plain[pos] & 0xFF;
            boolean single = (seq & Frames.SINGLE_MESSAGE_BIT) != 0;
            if (single && additional) return null;
            if (type == Frames.TYPE_EMPTY) {
                if (additional) return null;
                pos++;
            } else if (type == Frames.TYPE_ACK) {
                if (!additional) return null;
                ackMine(seq);
                pos++;
            } else if (type == Frames.TYPE_CUSTOM) {
                pos++;
                if (pos + 4 > plain.length) return null;
                long len = Bytes.u32(plain, pos);
                pos += 4;
                if (len > Frames.MAX_MESSAGE || pos + len > plain.length) return null;
                byte[] body = Arrays.copyOfRange(plain, pos, pos + (int) len);
                pos += (int) len;
                long c = seq & Frames.COUNTER_MASK;
                boolean requiresAck = (seq & Frames.REQUIRES_ACK_BIT) != 0;
                boolean skip = requiresAck ? !registerSentAck(c, firstRequiringAck) : additional && !incoming.register(c);
                if (requiresAck) {
                    firstRequiringAck = false;
                    if (!skip) newRequiringAck = true;
                    if (!acksToSend.contains(seq)) acksToSend.add(seq);
                }
                if (!skip) out.add(body);
            } else {
                return null;
            }
            if (pos == plain.length) break;
            if (single || plain.length - pos < 5) return null;
            seq = Bytes.u32(plain, pos);
            pos += 4;
            additional = true;
        }
        if (!acksToSend.isEmpty()) {
            if (newRequiringAck) {
                service();
            } else if (cancelAck == null) {
                cancelAck = timers.schedule(MAX_ACK_DELAY_MS, () -> {
                    cancelAck = null;
                    service();
                });
            }
        }
        return out;
    }

    private void ackMine(long seq) {
        unacked.removeIf(u -> u.seq == seq);
    }

    /** tgcalls' registerSentAck: remembers which peer messages we acked, so repeats are not delivered twice. */
    private boolean registerSentAck(long c, boolean firstInPacket) {
        int pos = java.util.Collections.binarySearch(acksSentCounters, c);
        boolean already = pos >= 0;
        int insert = already ? pos : -pos - 1;
        if (firstInPacket) {
            acksSentCounters.subList(0, insert).clear();
            if (!already) acksSentCounters.add(0, c);
        } else if (!already) {
            acksSentCounters.add(insert, c);
        }
        return !already;
    }

    /** Messages sent but not yet acked by the peer. */
    int unackedCount() {
        return unacked.size();
    }

    @Override
    public void close() {
        closed = true;
        if (cancelResend != null) cancelResend.run();
        if (cancelAck != null) cancelAck.run();
        cancelResend = null;
        cancelAck = null;
    }
}
