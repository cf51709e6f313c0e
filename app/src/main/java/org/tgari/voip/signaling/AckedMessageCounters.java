package org.tgari.voip.signaling;

import java.util.Arrays;

/**
 * Counters of ack-requiring messages already delivered, to drop their re-sends (tgcalls {@code registerSentAck}).
 * The sender always re-sends its unacked messages oldest first, so the first one in a packet forgets everything below.
 */
final class AckedMessageCounters {
    /** Only a misbehaving peer gets near this; then the oldest entries are forgotten. */
    static final int MAX_ENTRIES = 16 * 1024;

    private int[] counters = new int[32];
    private int size;

    /** Returns true if {@code counter} was not delivered before. */
    boolean register(int counter, boolean firstInPacket) {
        int found = Arrays.binarySearch(counters, 0, size, counter);
        boolean already = found >= 0;
        int pos = already ? found : -found - 1;
        if (firstInPacket && pos > 0) {
            System.arraycopy(counters, pos, counters, 0, size - pos);
            size -= pos;
            pos = 0;
        }
        if (!already) {
            if (size == MAX_ENTRIES) {
                System.arraycopy(counters, 1, counters, 0, size - 1);
                size--;
                pos = Math.max(0, pos - 1);
            }
            if (size == counters.length) {
                counters = Arrays.copyOf(counters, Math.min(MAX_ENTRIES, size * 2));
            }
            System.arraycopy(counters, pos, counters, pos + 1, size - pos);
            counters[pos] = counter;
            size++;
        }
        return !already;
    }

    int size() {
        return size;
    }
}
