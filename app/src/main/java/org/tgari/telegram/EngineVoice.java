package org.tgari.telegram;

import java.util.concurrent.CompletableFuture;
import org.tgari.voip.engine.CallEngine;
import org.tgari.voip.engine.EngineStats;

/**
 * A call's tgcalls engine as the gateway's {@link VoiceChannel}: the engine is a library that knows
 * nothing of the gateway's ports, so each Telegram line wraps it in this. Closing the channel closes the
 * engine and hangs the call up.
 */
public final class EngineVoice implements VoiceChannel {

    private final CallEngine engine;
    private final Runnable hangUp;

    public EngineVoice(CallEngine engine, Runnable hangUp) {
        this.engine = engine;
        this.hangUp = hangUp;
    }

    @Override
    public void start(OpusSink sink) {
        engine.start(sink::opus);
    }

    @Override
    public void sendOpus(byte[] buf, int off, int len, int samples48k) {
        engine.sendOpus(buf, off, len, samples48k);
    }

    @Override
    public VoiceStats stats() {
        EngineStats s = engine.engineStats();
        return new VoiceStats(s.rtpIn(), s.rtpOut(), s.srtpFailures() + s.unknownSsrc(), s.rttMs(), s.jitterMs(), s.remoteLossPercent());
    }

    @Override
    public CompletableFuture<Void> mediaUp() {
        return engine.mediaUp();
    }

    @Override
    public void close() {
        engine.close();
        hangUp.run();
    }
}
