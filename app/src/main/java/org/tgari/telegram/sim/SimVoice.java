package org.tgari.telegram.sim;

import org.tgari.telegram.VoiceChannel;
import org.tgari.telegram.VoiceStats;
import org.tgari.voip.engine.CallEngine;

/** The gateway's side of a simulated call: the real engine, whose closing also ends the simulated call. */
final class SimVoice implements VoiceChannel {

    private final CallEngine engine;
    private final Runnable onClose;

    SimVoice(CallEngine engine, Runnable onClose) {
        this.engine = engine;
        this.onClose = onClose;
    }

    @Override
    public void start(OpusSink sink) {
        engine.start(sink);
    }

    @Override
    public void sendOpus(byte[] buf, int off, int len, int samples48k) {
        engine.sendOpus(buf, off, len, samples48k);
    }

    @Override
    public VoiceStats stats() {
        return engine.stats();
    }

    @Override
    public void close() {
        engine.close();
        onClose.run();
    }
}
