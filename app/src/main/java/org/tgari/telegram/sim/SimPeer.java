package org.tgari.telegram.sim;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.tgari.media.audio.ToneGenerator;
import org.tgari.media.codec.OpusFrameEncoder;
import org.tgari.media.codec.OpusSettings;
import org.tgari.media.jitter.OpusJitterBuffer;
import org.tgari.voip.dtls.DtlsCertificate;
import org.tgari.voip.engine.CallEngine;
import org.tgari.voip.engine.CallParams;
import org.tgari.voip.engine.EngineState;
import org.tgari.voip.engine.EngineStats;
import org.tgari.voip.log.CallLogger;
import org.tgari.voip.log.LogContext;

/**
 * The far end of a simulated Telegram call: a separate party on its own context, speaking the same
 * tgcalls protocol as a Telegram client through its own {@link CallEngine}, and really decoding and
 * encoding Opus. {@code @echo} plays back what it hears (after its jitter buffer), and counts the frames of
 * it that are not silence, so a test can tell that a prompt reached the user; {@code @tone} sends a 1 kHz tone.
 * When it stops it says what it did (frames made, sent, not encoded; what its engine heard; its playout),
 * so a call whose far end went quiet tells which side stopped.
 */
final class SimPeer extends VerticleBase {

    static final int RATE = 16000;
    static final double TONE_HZ = 1000.0;
    static final double TONE_DBFS = -12.0;
    // a 20 ms frame at 16 kHz louder than -40 dBFS: its sum of squares exceeds (32768 * 10^(-40/20))^2 * 320
    private static final long LOUD_FRAME_ENERGY = (long) (327.68 * 327.68 * (RATE / 50));

    private final SimUser.Behaviour behaviour;
    private final CallParams params;
    private final DtlsCertificate certificate;
    private final Consumer<byte[]> signalingOut;
    private final Consumer<String> failed;
    private final LongAdder loudFramesHeard;
    private final CallLogger log;
    private final short[] pcm = new short[RATE / 50];
    private final byte[] opus = new byte[1275];
    private OpusJitterBuffer jitter;
    private OpusFrameEncoder encoder;
    private ToneGenerator tone;
    private CallEngine engine;
    private long timer = -1;
    private long ticks, notEncoded;

    SimPeer(SimUser.Behaviour behaviour, CallParams params, DtlsCertificate certificate, Consumer<byte[]> signalingOut, Consumer<String> failed,
            LongAdder loudFramesHeard, LogContext log) {
        this.log = CallLogger.of(SimPeer.class, log);
        this.behaviour = behaviour;
        this.loudFramesHeard = loudFramesHeard;
        this.params = params;
        this.certificate = certificate;
        this.signalingOut = signalingOut;
        this.failed = failed;
    }

    @Override
    public Future<?> start() {
        jitter = new OpusJitterBuffer(RATE, 40, 300);
        encoder = new OpusFrameEncoder(RATE, OpusSettings.defaults());
        tone = new ToneGenerator(RATE, TONE_HZ, TONE_DBFS);
        engine = new CallEngine(vertx, params, CallEngine.Options.defaults(certificate), new CallEngine.Listener() {
            @Override
            public void signaling(byte[] blob) {
                signalingOut.accept(blob);
            }

            @Override
            public void state(EngineState s) {
                if (s instanceof EngineState.Failed f) failed.accept(f.reason());
            }
        });
        engine.start((seq, ts, buf, off, len) -> jitter.offer(seq, ts, buf, off, len));
        engine.begin();
        timer = vertx.setPeriodic(20, id -> tick());
        return Future.succeededFuture();
    }

    /** Signaling from the gateway's side of the call, as Telegram's servers would relay it. */
    void receiveSignaling(byte[] blob) {
        engine.receiveSignaling(blob);
    }

    private void tick() {
        if (behaviour == SimUser.Behaviour.TONE) {
            tone.next(pcm, 0, pcm.length);
        } else {
            jitter.pull(pcm, 0);
            long energy = 0;
            for (short s : pcm) energy += s * s;
            if (energy > LOUD_FRAME_ENERGY) loudFramesHeard.increment();
        }
        ticks++;
        int n = encoder.encode(pcm, 0, opus, 0, opus.length);
        if (n > 0) engine.sendOpus(opus, 0, n, 960);
        else if (notEncoded++ == 0) log.warn("call {}: the simulated far end could not encode frame {}", log.context().name(), ticks);
    }

    @Override
    public Future<?> stop() {
        if (timer >= 0) vertx.cancelTimer(timer);
        if (engine != null) {
            EngineStats e = engine.engineStats();
            log.info("call {}: simulated far end ({}) stops after {} frames ({} not encoded); its engine {} in / {} out, {} failed SRTP, "
                            + "{} foreign, {} before SRTP; its playout {}", log.context().name(), behaviour, ticks, notEncoded, e.rtpIn(), e.rtpOut(),
                    e.srtpFailures(), e.unknownSsrc(), e.droppedBeforeReady(), jitter.stats());
        }
        if (engine != null) engine.close();
        return Future.succeededFuture();
    }
}
