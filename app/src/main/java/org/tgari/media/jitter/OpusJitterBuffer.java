package org.tgari.media.jitter;

import java.util.Arrays;
import org.tgari.media.codec.OpusFrameDecoder;

/**
 * Receive buffer for one Opus RTP stream. Packets are offered as they arrive (any order, 10-120 ms
 * each) and placed by RTP timestamp (48 kHz clock); {@link #pull} produces exactly one 20 ms PCM frame
 * per tick: decoded audio, a lost packet rebuilt from the next packet's FEC, or PLC.
 *
 * <p>Playout never runs ahead of the stream: when nothing at all is buffered (the sender's clock is
 * slower than ours, a burst of pulls, a network stall), the frame is concealed and the playout point
 * stays where it is, so the next packet plays instead of arriving "late"; that frame of delay is kept.
 * Only a packet missing while later ones are here is skipped (repaired by FEC or PLC). {@link DelayControl}
 * then brings the delay back to {@code targetDelayMs}: it drops a frame (spliced over with a short fade)
 * when more is held than needed and inserts a PLC frame when the buffer runs low, in quiet frames where it
 * can. Audio held beyond {@code maxDelayMs} for a whole second is cut back to the target (with its cushion). A stream whose timestamps
 * jump (a sender that restarted its clock, either way) is followed after a few packets.
 * Fixed slots and buffers: nothing is allocated per packet.
 */
public final class OpusJitterBuffer {

    private static final int CLOCK = 48000;
    private static final int TICK_48K = CLOCK / 50;
    private static final int MAX_PACKET = 1500;
    private static final int SLOTS = 64;
    private static final int RESYNC_AFTER = 10;

    private final int sampleRate;
    private final int frameSamples;
    private final int fadeSamples;
    private final int maxDelay48k;
    private final DelayControl delay;
    private final OpusFrameDecoder decoder;

    private final byte[][] payload = new byte[SLOTS][MAX_PACKET];
    private final int[] payloadLen = new int[SLOTS];
    private final long[] slotTs = new long[SLOTS];
    private final int[] slotDur = new int[SLOTS];
    private final boolean[] used = new boolean[SLOTS];
    private int usedCount;

    // Decoded audio not yet pulled, at the output rate (up to 120 ms from one packet plus two frames).
    private final short[] pending;
    private int pendingCount;

    private boolean started;
    private int holdTicks;
    private long playoutTs;
    private int lastPacket48k = TICK_48K;
    private int farAheadInARow;
    private int lateInARow;
    private double lastEnergy;

    private long received, played, concealed, fecRecovered, late, duplicates, dropped, expanded, compressed;

    public OpusJitterBuffer(int outputSampleRate, int targetDelayMs, int maxDelayMs) {
        this.sampleRate = outputSampleRate;
        this.frameSamples = outputSampleRate / 50;
        this.fadeSamples = outputSampleRate / 400;
        this.delay = new DelayControl(targetDelayMs, maxDelayMs);
        this.maxDelay48k = delay.maxMs() * (CLOCK / 1000);
        this.decoder = new OpusFrameDecoder(outputSampleRate);
        this.pending = new short[outputSampleRate * 160 / 1000];
    }

    public int frameSamples() {
        return frameSamples;
    }

    /** Buffers one packet; false when it is dropped (invalid, late, duplicate, too far ahead, no room). */
    public boolean offer(int sequence, long rtpTimestamp, byte[] data, int off, int len) {
        long ts = rtpTimestamp & 0xFFFFFFFFL;
        int dur48k = data == null || len <= 0 || len > MAX_PACKET ? -1 : OpusFrameDecoder.packetSamples(data, off, len, CLOCK);
        if (dur48k < 0) {
            dropped++;
            return false;
        }
        received++;
        if (!started) {
            started = true;
            playoutTs = ts;
            holdTicks = delay.targetMs() / DelayControl.FRAME_MS;
        } else {
            int ahead = diff(ts, playoutTs);
            if (ahead < 0) {
                // Persistently behind: the sender's timestamps moved back; follow them.
                if (++lateInARow < RESYNC_AFTER) {
                    late++;
                    return false;
                }
                resync(ts);
            } else if (ahead > 2 * maxDelay48k && usedCount > 0 && ahead - newestEndAhead() > 2 * maxDelay48k) {
                // Far beyond the stream, not a flood continuing it. A single wild timestamp must not flush
                // what is buffered; a stream that jumped shows it again.
                if (++farAheadInARow < RESYNC_AFTER) {
                    dropped++;
                    return false;
                }
                resync(ts);
            }
        }
        lateInARow = 0;
        farAheadInARow = 0;
        if (find(ts) >= 0) {
            duplicates++;
            return false;
        }
        int slot = freeSlot();
        if (slot < 0) slot = evictOlderThan(ts);
        if (slot < 0) {
            dropped++;
            return false;
        }
        System.arraycopy(data, off, payload[slot], 0, len);
        payloadLen[slot] = len;
        slotTs[slot] = ts;
        slotDur[slot] = dur48k;
        used[slot] = true;
        usedCount++;
        return true;
    }

    /** Writes exactly {@link #frameSamples()} samples; returns that count. */
    public int pull(short[] out, int off) {
        if (!started || holdTicks > 0) {
            if (started) holdTicks--;
            Arrays.fill(out, off, off + frameSamples, (short) 0);
            return frameSamples;
        }
        delay.observe(levelMs());
        if (delay.shouldCut()) cutToTarget();
        if (pendingCount == 0 && usedCount > 0 && delay.shouldGrow(lastEnergy)) {
            // Between packets, so PLC continues from the end of what was played.
            decoder.conceal(out, off, frameSamples);
            expanded++;
            delay.changed(false);
            return frameSamples;
        }
        while (pendingCount < frameSamples) decodeNext();
        if (wantsShrink()) {
            DelayControl.spliceOver(pending, 0, pending, frameSamples, out, off, frameSamples, fadeSamples);
            consume(2 * frameSamples);
            compressed++;
            delay.changed(true);
        } else {
            System.arraycopy(pending, 0, out, off, frameSamples);
            consume(frameSamples);
        }
        lastEnergy = DelayControl.energy(out, off, frameSamples);
        delay.played(lastEnergy);
        return frameSamples;
    }

    /** A frame is dropped only when a real frame follows it, decoded now if its packet is here. */
    private boolean wantsShrink() {
        if (!delay.shouldShrink(pending, 0, frameSamples)) return false;
        while (pendingCount < 2 * frameSamples && find(playoutTs) >= 0) decodeNext();
        return pendingCount >= 2 * frameSamples;
    }

    private void consume(int n) {
        System.arraycopy(pending, n, pending, 0, pendingCount - n);
        pendingCount -= n;
    }

    /** Decodes (or repairs, or conceals) the audio at playoutTs into pending. */
    private void decodeNext() {
        int slot = find(playoutTs);
        int room = pending.length - pendingCount;
        if (slot >= 0) {
            int dur48k = slotDur[slot];
            int n = decoder.decode(payload[slot], 0, payloadLen[slot], pending, pendingCount, room);
            release(slot);
            if (n <= 0) {
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
            return;
        }
        if (usedCount == 0) {
            // Ran dry: the stream is late, not lost. Conceal and wait for it at the same point.
            pendingCount += decoder.conceal(pending, pendingCount, frameSamples);
            concealed++;
            expanded++;
            delay.underran();
            return;
        }
        int next = find((playoutTs + lastPacket48k) & 0xFFFFFFFFL);
        if (next >= 0) {
            int lost = lastPacket48k * sampleRate / CLOCK;
            int n = decoder.decodeFec(payload[next], 0, payloadLen[next], pending, pendingCount, Math.min(lost, room));
            if (n > 0) {
                fecRecovered += Math.max(1, lastPacket48k / TICK_48K);
                pendingCount += n;
                playoutTs = (playoutTs + lastPacket48k) & 0xFFFFFFFFL;
                return;
            }
        }
        pendingCount += decoder.conceal(pending, pendingCount, frameSamples);
        concealed++;
        playoutTs = (playoutTs + TICK_48K) & 0xFFFFFFFFL;
        dropStale();
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

    /** Audio held ahead of the playout point (buffered span plus decoded samples), in ms. */
    private int levelMs() {
        return newestEndAhead() / (CLOCK / 1000) + pendingCount * 1000 / sampleRate;
    }

    /** Where the newest buffered packet ends, ahead of the playout point (48 kHz); 0 when none is. */
    private int newestEndAhead() {
        int newest = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (used[i]) newest = Math.max(newest, diff(slotTs[i], playoutTs) + slotDur[i]);
        }
        return newest;
    }

    /** Drops the oldest audio so that the effective target's worth is left (a backlog that did not go away): the cushion the stream earned stays, or the next spike would run dry and earn it again. */
    private void cutToTarget() {
        if (usedCount == 0) return;
        long newestEnd = (playoutTs + newestEndAhead()) & 0xFFFFFFFFL;
        long floor = (newestEnd - Math.max(TICK_48K, delay.effectiveTargetMs() * (CLOCK / 1000))) & 0xFFFFFFFFL;
        long oldestKept = -1;
        for (int i = 0; i < SLOTS; i++) {
            if (!used[i]) continue;
            if (diff(slotTs[i] + slotDur[i], floor) <= 0) {
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
        farAheadInARow = 0;
        lateInARow = 0;
    }

    private int find(long ts) {
        for (int i = 0; i < SLOTS; i++) if (used[i] && slotTs[i] == ts) return i;
        return -1;
    }

    private int freeSlot() {
        for (int i = 0; i < SLOTS; i++) if (!used[i]) return i;
        return -1;
    }

    /** Full (a flood after a stall): the newest audio is worth more than the oldest, which will be cut anyway. */
    private int evictOlderThan(long ts) {
        int oldest = -1;
        for (int i = 0; i < SLOTS; i++) {
            if (used[i] && (oldest < 0 || diff(slotTs[i], slotTs[oldest]) < 0)) oldest = i;
        }
        if (oldest < 0 || diff(ts, slotTs[oldest]) <= 0) return -1;
        // What was evicted will not be played: playout starts after it instead of concealing through it.
        long end = (slotTs[oldest] + slotDur[oldest]) & 0xFFFFFFFFL;
        if (diff(end, playoutTs) > 0) playoutTs = end;
        release(oldest);
        dropped++;
        return oldest;
    }

    private void release(int slot) {
        used[slot] = false;
        usedCount--;
    }

    private static int diff(long a, long b) {
        return (int) (a - b);
    }

    public JitterStats stats() {
        return new JitterStats(received, played, concealed, fecRecovered, late, duplicates, dropped, expanded, compressed,
                started ? levelMs() : 0);
    }

    public void reset() {
        Arrays.fill(used, false);
        usedCount = 0;
        pendingCount = 0;
        started = false;
        farAheadInARow = 0;
        lateInARow = 0;
        lastPacket48k = TICK_48K;
    }
}
