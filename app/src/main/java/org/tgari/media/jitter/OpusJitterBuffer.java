package org.tgari.media.jitter;

import org.tgari.media.codec.OpusFrameDecoder;

/**
 * Receive buffer for one Opus RTP stream. Packets are offered as they arrive (any order, 10-120 ms
 * each) and placed by RTP timestamp (48 kHz clock); {@link #pull} produces exactly one 20 ms PCM frame
 * per tick: decoded audio, a lost packet rebuilt from the next packet's FEC, or PLC. Playout starts
 * {@code targetDelayMs} after the first packet; audio held beyond {@code maxDelayMs} is skipped so
 * delay cannot grow without bound. Fixed slots and buffers: nothing is allocated per packet.
 */
public final class OpusJitterBuffer {

    private static final int CLOCK = 48000;
    private static final int TICK_48K = CLOCK / 50;
    private static final int MAX_PACKET = 1500;
    private static final int SLOTS = 64;
    private static final int RESYNC_AFTER = 25;

    private final int sampleRate;
    private final int frameSamples;
    private final int targetDelayMs;
    private final int maxDelay48k;
    private final OpusFrameDecoder decoder;

    private final byte[][] payload = new byte[SLOTS][MAX_PACKET];
    private final int[] payloadLen = new int[SLOTS];
    private final long[] slotTs = new long[SLOTS];
    private final boolean[] used = new boolean[SLOTS];
    private int usedCount;

    // Decoded audio not yet pulled, at the output rate (up to 120 ms from one packet plus a frame).
    private final short[] pending;
    private int pendingCount;

    private boolean started;
    private int holdTicks;
    private long playoutTs;
    private int lastPacket48k = TICK_48K;
    private int farAheadInARow;

    private long received, played, concealed, fecRecovered, late, duplicates, dropped;

    public OpusJitterBuffer(int outputSampleRate, int targetDelayMs, int maxDelayMs) {
        this.sampleRate = outputSampleRate;
        this.frameSamples = outputSampleRate / 50;
        this.targetDelayMs = Math.max(0, targetDelayMs);
        this.maxDelay48k = Math.max(TICK_48K * 2, maxDelayMs * (CLOCK / 1000));
        this.decoder = new OpusFrameDecoder(outputSampleRate);
        this.pending = new short[outputSampleRate * 140 / 1000];
    }

    public int frameSamples() {
        return frameSamples;
    }

    /** Buffers one packet; false when it is dropped (invalid, late, duplicate, too far ahead, no room). */
    public boolean offer(int sequence, long rtpTimestamp, byte[] data, int off, int len) {
        long ts = rtpTimestamp & 0xFFFFFFFFL;
        if (data == null || len <= 0 || len > MAX_PACKET || OpusFrameDecoder.packetSamples(data, off, len, CLOCK) < 0) {
            dropped++;
            return false;
        }
        received++;
        if (!started) {
            started = true;
            playoutTs = ts;
            holdTicks = targetDelayMs / 20;
        } else {
            int ahead = diff(ts, playoutTs);
            if (ahead < 0) {
                late++;
                return false;
            }
            if (ahead > 2 * maxDelay48k) {
                // A stream that jumped (sender restarted its clock) would otherwise be dropped forever.
                if (++farAheadInARow >= RESYNC_AFTER) {
                    resync(ts);
                } else {
                    dropped++;
                    return false;
                }
            }
        }
        farAheadInARow = 0;
        if (find(ts) >= 0) {
            duplicates++;
            return false;
        }
        int slot = freeSlot();
        if (slot < 0) {
            dropped++;
            return false;
        }
        System.arraycopy(data, off, payload[slot], 0, len);
        payloadLen[slot] = len;
        slotTs[slot] = ts;
        used[slot] = true;
        usedCount++;
        return true;
    }

    /** Writes exactly {@link #frameSamples()} samples; returns that count. */
    public int pull(short[] out, int off) {
        if (!started || holdTicks > 0) {
            if (started) holdTicks--;
            java.util.Arrays.fill(out, off, off + frameSamples, (short) 0);
            return frameSamples;
        }
        skipExcessDelay();
        while (pendingCount < frameSamples) {
            if (!decodeNext()) break;
        }
        if (pendingCount >= frameSamples) {
            System.arraycopy(pending, 0, out, off, frameSamples);
            System.arraycopy(pending, frameSamples, pending, 0, pendingCount - frameSamples);
            pendingCount -= frameSamples;
        } else {
            java.util.Arrays.fill(out, off, off + frameSamples, (short) 0);
            pendingCount = 0;
        }
        return frameSamples;
    }

    /** Decodes (or repairs) the audio at playoutTs into pending; false if nothing could be produced. */
    private boolean decodeNext() {
        int slot = find(playoutTs);
        int room = pending.length - pendingCount;
        if (slot >= 0) {
            int n = decoder.decode(payload[slot], 0, payloadLen[slot], pending, pendingCount, room);
            int dur48k = OpusFrameDecoder.packetSamples(payload[slot], 0, payloadLen[slot], CLOCK);
            release(slot);
            if (n <= 0 || dur48k <= 0) {
                // Announced as Opus but undecodable: conceal its duration instead.
                n = decoder.conceal(pending, pendingCount, frameSamples);
                concealed++;
                dur48k = TICK_48K;
            } else {
                played += Math.max(1, dur48k / TICK_48K);
                lastPacket48k = dur48k;
            }
            pendingCount += n;
            playoutTs = (playoutTs + dur48k) & 0xFFFFFFFFL;
            return true;
        }
        if (usedCount == 0) {
            // Nothing buffered at all: conceal one frame (PLC fades out by itself over a long gap).
            pendingCount += decoder.conceal(pending, pendingCount, frameSamples);
            concealed++;
            playoutTs = (playoutTs + TICK_48K) & 0xFFFFFFFFL;
            return true;
        }
        int next = find((playoutTs + lastPacket48k) & 0xFFFFFFFFL);
        if (next >= 0) {
            int lost = lastPacket48k * sampleRate / CLOCK;
            int n = decoder.decodeFec(payload[next], 0, payloadLen[next], pending, pendingCount, Math.min(lost, room));
            if (n > 0) {
                fecRecovered += Math.max(1, lastPacket48k / TICK_48K);
                pendingCount += n;
                playoutTs = (playoutTs + lastPacket48k) & 0xFFFFFFFFL;
                return true;
            }
        }
        pendingCount += decoder.conceal(pending, pendingCount, frameSamples);
        concealed++;
        playoutTs = (playoutTs + TICK_48K) & 0xFFFFFFFFL;
        dropStale();
        return true;
    }

    /** Frees packets that playout has passed (they can no longer be played). */
    private void dropStale() {
        for (int i = 0; i < SLOTS; i++) {
            if (used[i] && diff(slotTs[i], playoutTs) < 0) {
                release(i);
                late++;
            }
        }
    }

    /** When more than maxDelay is buffered, jump ahead to the oldest packet within the bound. */
    private void skipExcessDelay() {
        long newest = -1;
        for (int i = 0; i < SLOTS; i++) {
            if (used[i] && (newest < 0 || diff(slotTs[i], newest) > 0)) newest = slotTs[i];
        }
        if (newest < 0 || diff(newest, playoutTs) <= maxDelay48k) return;
        long floor = (newest - maxDelay48k) & 0xFFFFFFFFL;
        long oldestKept = -1;
        for (int i = 0; i < SLOTS; i++) {
            if (!used[i]) continue;
            if (diff(slotTs[i], floor) < 0) {
                release(i);
                dropped++;
            } else if (oldestKept < 0 || diff(slotTs[i], oldestKept) < 0) {
                oldestKept = slotTs[i];
            }
        }
        playoutTs = oldestKept >= 0 ? oldestKept : floor;
        pendingCount = 0;
    }

    private void resync(long ts) {
        for (int i = 0; i < SLOTS; i++) {
            if (used[i]) {
                release(i);
                dropped++;
            }
        }
        playoutTs = ts;
        pendingCount = 0;
        holdTicks = targetDelayMs / 20;
        farAheadInARow = 0;
    }

    private int find(long ts) {
        for (int i = 0; i < SLOTS; i++) if (used[i] && slotTs[i] == ts) return i;
        return -1;
    }

    private int freeSlot() {
        for (int i = 0; i < SLOTS; i++) if (!used[i]) return i;
        return -1;
    }

    private void release(int slot) {
        used[slot] = false;
        usedCount--;
    }

    private static int diff(long a, long b) {
        return (int) (a - b);
    }

    public JitterStats stats() {
        long span = 0;
        for (int i = 0; i < SLOTS; i++) if (used[i]) span = Math.max(span, diff(slotTs[i], playoutTs) + TICK_48K);
        int delayMs = (int) (span / (CLOCK / 1000)) + pendingCount * 1000 / sampleRate;
        return new JitterStats(received, played, concealed, fecRecovered, late, duplicates, dropped, delayMs);
    }

    public void reset() {
        for (int i = 0; i < SLOTS; i++) used[i] = false;
        usedCount = 0;
        pendingCount = 0;
        started = false;
        farAheadInARow = 0;
        lastPacket48k = TICK_48K;
    }
}
