package org.tgari.voip.signaling;

import java.util.Arrays;

/**
 * The counters already received, as tgcalls keeps them: a sorted set of at most the 64 newest, so a
 * counter seen before, or 64 or more below the largest, is refused.
 */
final class ReplayWindow {

    static final int KEEP = 64;

    private final long[] counters = new long[KEEP + 1];
    private int size;

    /** Records the counter; false when it was seen already or is too old. */
    boolean register(long counter) {
        int pos = Arrays.binarySearch(counters, 0, size, counter);
        if (pos >= 0) return false;
        long largest = size == 0 ? 0 : counters[size - 1];
        if (counter + KEEP <= largest) return false;
        int insert = -pos - 1;
        // Drop counters that fall out of the window of the new one.
        int drop = 0;
        while (drop < size && counters[drop] + KEEP <= counter) drop++;
        System.arraycopy(counters, drop, counters, 0, size - drop);
        size -= drop;
        insert -= drop;
        System.arraycopy(counters, insert, counters, insert + 1, size - insert);
        counters[insert] = counter;
        size++;
        return true;
    }
}
