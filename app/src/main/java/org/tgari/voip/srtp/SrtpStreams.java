package org.tgari.voip.srtp;

/**
 * Per-SSRC crypto state (RFC 3711 §3.2.3) in a small fixed table: highest authenticated index
 * and a 64-entry replay bitmap. The least recently used entry is recycled when the table is full.
 */
final class SrtpStreams {
    static final int WINDOW = 64;

    /** Mutable per-SSRC state; only touched by its owning context. */
    static final class Stream {
        int ssrc;
        boolean inUse;
        long lastUse;
        /** Highest index authenticated (received) or sent; for RTP this is ROC·2^16 + SEQ. */
        long maxIndex;
        /** Bit k set: index maxIndex − k has been accepted. */
        long window;

        int roc() {
            return (int) (maxIndex >>> 16);
        }
    }

    private final Stream[] table;
    private long clock;

    SrtpStreams(int capacity) {
        table = new Stream[capacity];
        for (int i = 0; i < capacity; i++) table[i] = new Stream();
    }

    /** The live state for {@code ssrc}, or null. */
    Stream find(int ssrc) {
        for (Stream s : table) {
            if (s.inUse && s.ssrc == ssrc) {
                s.lastUse = ++clock;
                return s;
            }
        }
        return null;
    }

    /** A fresh state for {@code ssrc}, recycling the least recently used slot. */
    Stream claim(int ssrc) {
        Stream victim = table[0];
        for (Stream s : table) {
            if (!s.inUse) {
                victim = s;
                break;
            }
            if (s.lastUse < victim.lastUse) victim = s;
        }
        victim.inUse = true;
        victim.ssrc = ssrc;
        victim.lastUse = ++clock;
        victim.maxIndex = 0;
        victim.window = 0;
        return victim;
    }

    /** RFC 3711 §3.3.1 / Appendix A: the 48-bit index of {@code seq} relative to the highest seen so far; -1 if it precedes the stream. */
    static long estimateIndex(Stream s, int seq) {
        int roc = s.roc();
        int sl = (int) (s.maxIndex & 0xFFFF);
        long v;
        if (sl < 32768) {
            v = (seq - sl > 32768) ? roc - 1L : roc;
        } else {
            v = (sl - 32768 > seq) ? roc + 1L : roc;
        }
        if (v < 0 || v > 0xFFFF_FFFFL) return -1;
        return (v << 16) | seq;
    }

    /** True if {@code index} was already accepted or is older than the window. */
    static boolean isReplay(Stream s, long index) {
        long delta = s.maxIndex - index;
        if (delta < 0) return false;
        if (delta >= WINDOW) return true;
        return ((s.window >>> delta) & 1) != 0;
    }

    /** Records an authenticated {@code index}. */
    static void accept(Stream s, long index) {
        long delta = index - s.maxIndex;
        if (delta > 0) {
            s.window = delta >= WINDOW ? 1 : (s.window << delta) | 1;
            s.maxIndex = index;
        } else {
            s.window |= 1L << -delta;
        }
    }
}
