package org.tgari.voip.signaling;

import java.util.Arrays;

/**
 * tgcalls' incoming-counter window: remembers the newest 64 counters (sorted) and refuses a counter seen before
 * or 64+ below the largest one. Bounded: every kept counter lies within 64 of the largest.
 */
final class ReplayWindow {
    static final int SIZE = 64;

    private final int[] counters = new int[SIZE];
    private int size;

    /** Records {@code counter} (30-bit) and returns true if it is new and recent enough. */
    boolean register(int counter) {
        int pos = Arrays.binarySearch(counters, 0, size, counter);
        if (pos >= 0) {
            return false;
        }
        int insertAt = -pos - 1;
        int largest = size == 0 ? 0 : counters[size - 1];
        if ((long) counter + SIZE <= largest) {
            return false;
        }
        int erase = 0;
        while (erase < size && (long) counters[erase] + SIZE <= counter) {
            erase++;
        }
        if (erase > 0) {
            System.arraycopy(counters, erase, counters, 0, size - erase);
            size -= erase;
            insertAt -= erase;
        }
        System.arraycopy(counters, insertAt, counters, insertAt + 1, size - insertAt);
        counters[insertAt] = counter;
        size++;
        return true;
    }

    int size() {
        return size;
    }
}
