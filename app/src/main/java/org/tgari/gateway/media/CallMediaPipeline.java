package org.tgari.gateway.media;

import java.util.concurrent.locks.ReentrantLock;
import org.tgari.config.GatewayConfig;
import org.tgari.logging.CallLog;
import org.tgari.media.codec.OpusFrameEncoder;
import org.tgari.media.codec.OpusSettings;
import org.tgari.media.jitter.JitterStats;
import org.tgari.media.jitter.OpusJitterBuffer;
import org.tgari.media.jitter.PcmJitterBuffer;
import org.tgari.telegram.VoiceChannel;

/**
 * Moves one call's audio between the Asterisk leg (PCM) and the Telegram voice channel (Opus). The 20 ms
 * tick of the call's context ({@link MediaClock}) drives both directions: it pulls one frame from each jitter buffer,
 * encodes toward Telegram and paces what goes to Asterisk, so neither side sees bursts.
 */
public final class CallMediaPipeline implements AutoCloseable {

    private static final int OPUS_MAX_BYTES = 1275;
    private static final int SAMPLES_48K_PER_FRAME = 960;
    /** A pause in the Telegram stream this long is worth a phrase in the call's end line. */
    static final long NOTABLE_GAP_MS = 500;

    private final CallLog callLog;
    private final MediaClock clock;
    private final Runnable tick = this::tick;
    private final AsteriskMediaLeg leg;
    private final VoiceChannel voice;
    private final OpusFrameEncoder encoder;
    private final PcmJitterBuffer fromAsterisk;
    private final OpusJitterBuffer fromTelegram;
    // The voice channel delivers on its own thread (the engine's); the tick reads on the call's context.
    private final ReentrantLock telegramLock = new ReentrantLock();
    private final short[] pcm;
    private final byte[] opus = new byte[OPUS_MAX_BYTES];
    private boolean ticking;
    private long failedTicks;
    private long framesToTelegram;
    private long framesToAsterisk;
    private boolean closed;
    // When Telegram packets arrived (guarded by telegramLock): a call that went quiet says when, and for how long.
    private final StreamPauses telegramPauses = new StreamPauses();

    public CallMediaPipeline(String callName, MediaClock clock, AsteriskMediaLeg leg, VoiceChannel voice, GatewayConfig.Opus opusConfig,
                             GatewayConfig.Media mediaConfig) {
        this.callLog = CallLog.of(CallMediaPipeline.class, callName);
        this.clock = clock;
        this.leg = leg;
        this.voice = voice;
        int rate = leg.sampleRate();
        this.pcm = new short[leg.frameSamples()];
        this.encoder = new OpusFrameEncoder(rate, new OpusSettings(opusConfig.bitrate(), opusConfig.complexity(),
                opusConfig.inbandFec(), opusConfig.packetLossPercent(), false));
        int frameMs = 20;
        this.fromAsterisk = new PcmJitterBuffer(leg.frameSamples(), Math.max(1, mediaConfig.jitterTargetMs() / frameMs / 2),
                Math.max(4, mediaConfig.jitterMaxMs() / frameMs));
        this.fromTelegram = new OpusJitterBuffer(rate, mediaConfig.jitterTargetMs(), mediaConfig.jitterMaxMs());
    }

    /** The sink the Asterisk leg feeds (called on the call's context). */
    public AsteriskMediaLeg.PcmSink asteriskSink() {
        return fromAsterisk::offer;
    }

    /** Starts the voice channel and the 20 ms tick; call on the clock's (the call's) context. */
    public void start() {
        voice.start(this::onOpus);
        clock.register(tick);
        ticking = true;
    }

    private void onOpus(int sequence, long rtpTimestamp, byte[] buf, int off, int len) {
        telegramLock.lock();
        try {
            if (closed) return;
            telegramPauses.arrived(System.nanoTime());
            fromTelegram.offer(sequence, rtpTimestamp, buf, off, len);
        } finally {
            telegramLock.unlock();
        }
    }

    private void tick() {
        if (closed) return;
        try {
            moveOneFrame();
        } catch (RuntimeException e) {
            // a frame is lost, not the call: the next tick tries again
            if (failedTicks++ % 500 == 0) callLog.error("media tick failed ({} so far): {}", failedTicks, e.toString(), e);
        }
    }

    private void moveOneFrame() {
        fromAsterisk.pull(pcm, 0);
        int n = encoder.encode(pcm, 0, opus, 0, OPUS_MAX_BYTES);
        if (n > 0) {
            voice.sendOpus(opus, 0, n, SAMPLES_48K_PER_FRAME);
            framesToTelegram++;
        }
        telegramLock.lock();
        try {
            fromTelegram.pull(pcm, 0);
        } finally {
            telegramLock.unlock();
        }
        leg.send(pcm, 0);
        framesToAsterisk++;
    }

    public MediaCounters counters() {
        JitterStats tg;
        long longestGapMs, quietMs;
        telegramLock.lock();
        try {
            tg = fromTelegram.stats();
            long now = System.nanoTime();
            longestGapMs = telegramPauses.longestMs(now);
            quietMs = telegramPauses.quietMs(now);
        } finally {
            telegramLock.unlock();
        }
        var legStats = leg.stats();
        var voiceStats = voice.stats();
        return new MediaCounters(legStats.packetsIn(), legStats.packetsOut(), voiceStats.packetsIn(), voiceStats.packetsOut(),
                tg.late(), tg.concealed(), tg.fecRecovered(), tg.expanded(), tg.compressed(), fromAsterisk.stats().concealed(),
                framesToTelegram, framesToAsterisk, voiceStats.rttMs(), voiceStats.jitterMs(), voiceStats.malformedIn(),
                longestGapMs, quietMs);
    }

    @Override
    public void close() {
        if (closed) return;
        telegramLock.lock();
        try {
            closed = true;
        } finally {
            telegramLock.unlock();
        }
        if (ticking) {
            ticking = false;
            clock.unregister(tick);
        }
    }

    /** A snapshot of one call's media counters. */
    public record MediaCounters(long asteriskPacketsIn, long asteriskPacketsOut, long telegramPacketsIn, long telegramPacketsOut,
                                long telegramLateFrames, long telegramLostFrames, long telegramFecRecovered, long telegramExpandedFrames,
                                long telegramCompressedFrames, long asteriskLostFrames, long framesToTelegram, long framesToAsterisk,
                                double telegramRttMs, double telegramJitterMs, long telegramRejectedIn, long telegramLongestGapMs,
                                long telegramQuietMs) {
        public static final MediaCounters NONE = new MediaCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Double.NaN, 0, 0, 0, 0);

        /** One short phrase for a call's end line: what flowed, and what the playout had to repair. */
        public String summary() {
            if (asteriskPacketsIn + asteriskPacketsOut + telegramPacketsIn + telegramPacketsOut == 0) return "no media";
            var s = new StringBuilder(String.format(java.util.Locale.ROOT, "Telegram %d in / %d out, Asterisk %d in / %d out",
                    telegramPacketsIn, telegramPacketsOut, asteriskPacketsIn, asteriskPacketsOut));
            // Which side stopped, when the far end went quiet: packets that came and were refused (SRTP, SSRC),
            // or none that came (the far end, or the path), and for how long; the end line is all a
            // failed call leaves behind.
            if (telegramRejectedIn > 0) s.append(String.format(java.util.Locale.ROOT, "; Telegram packets rejected %d", telegramRejectedIn));
            if (telegramLongestGapMs >= NOTABLE_GAP_MS) s.append(String.format(java.util.Locale.ROOT, "; Telegram stream's longest pause %d ms", telegramLongestGapMs));
            if (telegramQuietMs >= NOTABLE_GAP_MS) s.append(String.format(java.util.Locale.ROOT, "; Telegram silent for the last %d ms", telegramQuietMs));
            if (telegramLateFrames + telegramLostFrames + telegramFecRecovered + asteriskLostFrames > 0) {
                s.append(String.format(java.util.Locale.ROOT, "; frames late %d, concealed %d (Asterisk side %d), FEC %d",
                        telegramLateFrames, telegramLostFrames, asteriskLostFrames, telegramFecRecovered));
            }
            if (telegramExpandedFrames + telegramCompressedFrames > 0) {
                s.append(String.format(java.util.Locale.ROOT, "; playout +%d/-%d frames", telegramExpandedFrames, telegramCompressedFrames));
            }
            if (!Double.isNaN(telegramRttMs)) s.append(String.format(java.util.Locale.ROOT, "; rtt %.0f ms", telegramRttMs));
            return s.toString();
        }
    }
}
