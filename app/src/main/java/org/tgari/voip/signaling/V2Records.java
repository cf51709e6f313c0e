package org.tgari.voip.signaling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Signaling V2 (8.0.0) plaintext layout: a list of records {@code seq32 ‖ type ‖ body}; the first seq is the packet's.
 * Message {@code 0x7F ‖ len32 ‖ bytes}, empty {@code 0xFE} (first only), ack {@code 0xFF} (never first; seq = acked seq).
 */
final class V2Records {
    static final int TYPE_MESSAGE = 0x7F;
    static final int TYPE_EMPTY = 0xFE;
    static final int TYPE_ACK = 0xFF;
    static final int MESSAGE_HEADER = 9;
    static final int SHORT_RECORD = 5;
    /** tgcalls refuses raw messages above 1 MiB. */
    static final int MAX_MESSAGE = 1024 * 1024;

    private V2Records() {}

    sealed interface Record permits Message, Empty, Ack {
        int seq();
    }

    record Message(int seq, byte[] body) implements Record {}

    record Empty(int seq) implements Record {}

    record Ack(int seq) implements Record {}

    sealed interface Parsed permits Records, Malformed {}

    record Records(List<Record> records) implements Parsed {}

    record Malformed(String reason) implements Parsed {}

    /** Validates the whole packet before anything is applied, so a broken tail never half-applies a packet. */
    static Parsed parse(byte[] plain) {
        if (plain.length < SHORT_RECORD) {
            return new Malformed("packet shorter than one record");
        }
        List<Record> out = new ArrayList<>(4);
        int pos = 0;
        while (true) {
            int seq = Seq.readBe(plain, pos);
            int type = plain[pos + 4] & 0xFF;
            boolean first = out.isEmpty();
            if (Seq.singleMessage(seq) && !first) {
                return new Malformed("single-message bit on a later record");
            }
            pos += SHORT_RECORD;
            switch (type) {
                case TYPE_EMPTY -> {
                    if (!first) {
                        return new Malformed("empty record not first");
                    }
                    out.add(new Empty(seq));
                }
                case TYPE_ACK -> {
                    if (first) {
                        return new Malformed("ack record first");
                    }
                    out.add(new Ack(seq));
                }
                case TYPE_MESSAGE -> {
                    if (plain.length - pos < 4) {
                        return new Malformed("truncated message length");
                    }
                    long len = Integer.toUnsignedLong(Seq.readBe(plain, pos));
                    pos += 4;
                    if (len > MAX_MESSAGE || len > plain.length - pos) {
                        return new Malformed("bad message length " + len);
                    }
                    out.add(new Message(seq, Arrays.copyOfRange(plain, pos, pos + (int) len)));
                    pos += (int) len;
                }
                default -> {
                    return new Malformed("unknown record type " + type);
                }
            }
            int remaining = plain.length - pos;
            if (remaining == 0) {
                return new Records(out);
            }
            if (Seq.singleMessage(seq)) {
                return new Malformed("single-message packet has trailing bytes");
            }
            if (remaining < SHORT_RECORD) {
                return new Malformed("trailing " + remaining + " bytes");
            }
        }
    }
}
