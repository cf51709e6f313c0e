package org.tgari.voip.signaling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Signaling V2 (8.0.0): tgcalls EncryptedConnection "raw message" records with acks and bundled re-sends.
 * Sending: a message goes alone while nothing is unacked; otherwise a packet {@code [empty][acks][all unacked]} carries
 * it behind the earlier ones. Receiving: new ack-requiring messages are acked in a packet sent right after the current
 * task (timer delay 0); re-sends are dropped but acked again. Timing mirrors tgcalls: re-send no faster than 3 s,
 * forced after 5 s, pending acks flushed after 5 s.
 */
final class AckedSignalingChannel implements SignalingChannel {
    /** Encrypted signaling packets never exceed 16 KiB (msg_key included). */
    static final int MAX_PACKET = 16 * 1024;
    static final int MAX_UNACKED = 64 * 1024;
    static final long MIN_RESEND_DELAY_MS = 3000;
    static final long MAX_RESEND_DELAY_MS = 5000;
    static final long MAX_ACK_DELAY_MS = 5000;

    private enum Cause { SEND_NOW, RESEND, ACKS }

    /** An ack-requiring message record kept until the peer acks its exact seq. */
    private static final class Unacked {
        final int seq;
        final byte[] record;
        long lastSentMs;
        boolean due;
        boolean sentBefore;

        Unacked(int seq, byte[] record) {
            this.seq = seq;
            this.record = record;
        }
    }

    private final SignalingCipher cipher;
    private final SignalingTimers timers;
    private final Consumer<byte[]> blobOut;
    private final IncomingPayloads payloads;
    private final SignalingStats stats;

    private final ReplayWindow replay = new ReplayWindow();
    private final AckedMessageCounters delivered = new AckedMessageCounters();
    private final List<Unacked> unacked = new ArrayList<>();
    private int[] acksToSend = new int[8];
    private int acksToSendCount;
    /** Plaintext under construction; packets are capped at 16 KiB so one buffer serves every send. */
    private final byte[] packet = new byte[MAX_PACKET - SignalingCipher.MSG_KEY_SIZE];
    private int packetLength;
    private int counter;

    private final List<Runnable> pendingTimers = new ArrayList<>();
    private boolean resendTimerActive;
    private boolean ackTimerActive;
    private boolean closed;

    AckedSignalingChannel(SignalingCipher cipher, SignalingTimers timers, Consumer<byte[]> blobOut,
                          IncomingPayloads payloads, SignalingStats stats) {
        this.cipher = cipher;
        this.timers = timers;
        this.blobOut = blobOut;
        this.payloads = payloads;
        this.stats = stats;
    }

    // ---- sending ----

    @Override
    public void send(SignalingMessage m) {
        byte[] json = SignalingJson.encode(m);
        int recordLength = V2Records.MESSAGE_HEADER + json.length;
        if (closed || !fits(0, recordLength) || unacked.size() >= MAX_UNACKED || counter >= Seq.MAX_COUNTER) {
            stats.countSendRejected();
            return;
        }
        int seq = (++counter) | Seq.REQUIRES_ACK_BIT;
        byte[] record = new byte[recordLength];
        Seq.writeBe(record, 0, seq);
        record[4] = (byte) V2Records.TYPE_MESSAGE;
        Seq.writeBe(record, 5, json.length);
        System.arraycopy(json, 0, record, V2Records.MESSAGE_HEADER, json.length);
        stats.countMessageOut();

        Unacked entry = new Unacked(seq, record);
        if (unacked.isEmpty()) {
            packetLength = 0;
            put(record);
            appendAcks();
            entry.lastSentMs = timers.nowMs();
            entry.sentBefore = true;
            unacked.add(entry);
            // tgcalls arms no timer here, so a lone message whose ack is lost waits for the next send; we re-send it.
            armResendTimer();
            emit();
        } else {
            // Unacked messages must reach the peer in order, oldest first: re-carry all of them now.
            unacked.add(entry);
            for (Unacked u : unacked) {
                u.due = true;
            }
            sendService(Cause.SEND_NOW);
        }
    }

    /** An {@code empty} packet carrying pending acks and the due re-sends, if there is anything to carry. */
    private void sendService(Cause cause) {
        if (cause == Cause.RESEND) {
            resendTimerActive = false;
        } else if (cause == Cause.ACKS) {
            ackTimerActive = false;
        }
        if (closed || (unacked.isEmpty() && acksToSendCount == 0) || counter >= Seq.MAX_COUNTER) {
            return;
        }
        packetLength = 0;
        putInt(++counter);
        putByte(V2Records.TYPE_EMPTY);
        appendAcks();
        appendResends();
        emit();
    }

    private void appendAcks() {
        int n = 0;
        while (n < acksToSendCount && fits(packetLength, V2Records.SHORT_RECORD)) {
            putInt(acksToSend[n++]);
            putByte(V2Records.TYPE_ACK);
            stats.countAckSent();
        }
        System.arraycopy(acksToSend, n, acksToSend, 0, acksToSendCount - n);
        acksToSendCount -= n;
    }

    private void appendResends() {
        if (unacked.isEmpty()) {
            return;
        }
        long now = timers.nowMs();
        for (Unacked u : unacked) {
            if (!u.due && u.lastSentMs + MIN_RESEND_DELAY_MS > now) {
                break;
            }
            if (!fits(packetLength, u.record.length)) {
                break;
            }
            put(u.record);
            if (u.sentBefore) {
                stats.countResend();
            }
            u.sentBefore = true;
            u.due = false;
            u.lastSentMs = now;
        }
        armResendTimer();
    }

    private void armResendTimer() {
        if (!resendTimerActive) {
            resendTimerActive = true;
            schedule(MAX_RESEND_DELAY_MS, Cause.RESEND);
        }
    }

    /** tgcalls' space rule: 16-byte msg_key + plaintext within the packet limit. */
    private static boolean fits(int used, int amount) {
        return amount < MAX_PACKET && SignalingCipher.MSG_KEY_SIZE + used + amount <= MAX_PACKET;
    }

    private void emit() {
        byte[] blob = cipher.encrypt(packet, 0, packetLength);
        stats.countBlobOut();
        blobOut.accept(blob);
    }

    private void put(byte[] bytes) {
        System.arraycopy(bytes, 0, packet, packetLength, bytes.length);
        packetLength += bytes.length;
    }

    private void putInt(int v) {
        Seq.writeBe(packet, packetLength, v);
        packetLength += 4;
    }

    private void putByte(int v) {
        packet[packetLength++] = (byte) v;
    }

    // ---- receiving ----

    @Override
    public void receive(byte[] blob) {
        stats.countBlobIn();
        if (closed) {
            stats.countDroppedClosed();
            return;
        }
        byte[] plain;
        switch (cipher.decrypt(blob)) {
            case SignalingCipher.Rejected(SignalingCipher.Reason reason) -> {
                if (reason == SignalingCipher.Reason.BAD_SIZE) {
                    stats.countBadSize();
                } else {
                    stats.countBadMsgKey();
                }
                return;
            }
            case SignalingCipher.Decrypted(byte[] p) -> plain = p;
        }
        if (!(V2Records.parse(plain) instanceof V2Records.Records(List<V2Records.Record> records))) {
            stats.countMalformed();
            return;
        }
        if (!replay.register(Seq.counter(records.getFirst().seq()))) {
            stats.countReplayed();
            return;
        }
        stats.countAccepted();

        List<byte[]> fresh = new ArrayList<>(records.size());
        boolean firstRequiringAck = true;
        boolean newRequiringAck = false;
        for (int i = 0; i < records.size(); i++) {
            switch (records.get(i)) {
                case V2Records.Empty e -> { }
                case V2Records.Ack(int seq) -> ackMine(seq);
                case V2Records.Message(int seq, byte[] body) -> {
                    boolean skip;
                    if (Seq.requiresAck(seq)) {
                        skip = !delivered.register(Seq.counter(seq), firstRequiringAck);
                        firstRequiringAck = false;
                        newRequiringAck |= !skip;
                        // Re-sends are acked again: our earlier ack may be what got lost.
                        queueAck(seq);
                    } else {
                        skip = i > 0 && !replay.register(Seq.counter(seq));
                    }
                    if (skip) {
                        stats.countDuplicateMessage();
                    } else {
                        fresh.add(body);
                    }
                }
            }
        }
        if (acksToSendCount > 0) {
            if (newRequiringAck) {
                schedule(0, Cause.SEND_NOW);
            } else if (!ackTimerActive) {
                ackTimerActive = true;
                schedule(MAX_ACK_DELAY_MS, Cause.ACKS);
            }
        }
        for (byte[] body : fresh) {
            if (closed) {
                return;
            }
            payloads.deliver(body, 0, body.length);
        }
    }

    private void ackMine(int seq) {
        stats.countAckReceived();
        for (int i = 0; i < unacked.size(); i++) {
            if (unacked.get(i).seq == seq) {
                unacked.remove(i);
                return;
            }
        }
    }

    private void queueAck(int seq) {
        for (int i = 0; i < acksToSendCount; i++) {
            if (acksToSend[i] == seq) {
                return;
            }
        }
        if (acksToSendCount == acksToSend.length) {
            acksToSend = Arrays.copyOf(acksToSend, acksToSendCount * 2);
        }
        acksToSend[acksToSendCount++] = seq;
    }

    // ---- timers and lifecycle ----

    private void schedule(long delayMs, Cause cause) {
        ScheduledService task = new ScheduledService(cause);
        task.cancel = timers.schedule(delayMs, task);
        if (!task.ran) {
            pendingTimers.add(task.cancel);
        }
    }

    /** A timer callback that forgets its cancel handle once it ran. */
    private final class ScheduledService implements Runnable {
        private final Cause cause;
        Runnable cancel;
        boolean ran;

        ScheduledService(Cause cause) {
            this.cause = cause;
        }

        @Override
        public void run() {
            ran = true;
            if (cancel != null) {
                pendingTimers.remove(cancel);
            }
            sendService(cause);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Runnable> cancels = List.copyOf(pendingTimers);
        pendingTimers.clear();
        cancels.forEach(Runnable::run);
        unacked.clear();
        acksToSendCount = 0;
    }

    int unackedCount() {
        return unacked.size();
    }

    int pendingAckCount() {
        return acksToSendCount;
    }
}
