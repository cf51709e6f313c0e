package org.tgari.voip.engine;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.tgari.media.audio.ToneGenerator;
import org.tgari.media.codec.OpusFrameEncoder;
import org.tgari.media.codec.OpusSettings;
import org.tgari.media.jitter.OpusJitterBuffer;
import org.tgari.voip.dtls.DtlsCertificate;
import org.tgari.voip.ice.CallServer;

/**
 * One party of a test call between two engines: what it heard, and how its engine settled. Signaling
 * goes straight to the peer, as Telegram's servers relay it minus the latency.
 */
final class EngineTestParty implements CallEngine.Listener {
    final CompletableFuture<EngineState> settled = new CompletableFuture<>();
    final OpusJitterBuffer heard = new OpusJitterBuffer(16000, 0, 2000);
    final CountDownLatch packets;
    CallEngine engine;
    EngineTestParty peer;

    private EngineTestParty(int packetsToCount) {
        this.packets = new CountDownLatch(packetsToCount);
    }

    @Override
    public void signaling(byte[] blob) {
        peer.engine.receiveSignaling(blob);
    }

    @Override
    public void state(EngineState s) {
        if (s instanceof EngineState.Connected || s instanceof EngineState.Failed) settled.complete(s);
    }

    synchronized void onOpus(int seq, long ts, byte[] b, int off, int len) {
        heard.offer(seq, ts, b, off, len);
        packets.countDown();
    }

    /** Caller and callee with a fresh key, started and begun; each counts down {@code packetsToCount} packets heard. */
    static EngineTestParty[] connect(Vertx vertx, String version, List<CallServer> servers, boolean allowP2p, Duration failAfter,
                                     DtlsCertificate callerCert, DtlsCertificate calleeCert, int packetsToCount) {
        return connect(vertx, new CallParams(new byte[256], true, version, servers, allowP2p, Map.of()),
                new CallEngine.Options("127.0.0.1", failAfter, callerCert), new CallEngine.Options("127.0.0.1", failAfter, calleeCert),
                packetsToCount);
    }

    /** As above, with the caller's {@code params} (its key replaced by a fresh one; the callee's mirror them) and each side's options. */
    static EngineTestParty[] connect(Vertx vertx, CallParams params, CallEngine.Options callerOptions, CallEngine.Options calleeOptions,
                                     int packetsToCount) {
        String version = params.libraryVersion();
        List<CallServer> servers = params.servers();
        boolean allowP2p = params.allowP2p();
        byte[] key = new byte[256];
        new Random().nextBytes(key);
        EngineTestParty a = new EngineTestParty(packetsToCount), b = new EngineTestParty(packetsToCount);
        a.peer = b;
        b.peer = a;
        a.engine = new CallEngine(vertx, new CallParams(key, true, version, servers, allowP2p, params.customParameters()), callerOptions, a);
        b.engine = new CallEngine(vertx, new CallParams(key, false, version, servers, allowP2p, params.customParameters()), calleeOptions, b);
        a.engine.start(a::onOpus);
        b.engine.start(b::onOpus);
        a.engine.begin();
        b.engine.begin();
        return new EngineTestParty[] {a, b};
    }

    /** This party's microphone: a {@code hz} tone at -12 dBFS, one 20 ms Opus packet every 20 ms; returns the Vert.x timer. */
    long playTone(Vertx vertx, int hz, OpusSettings settings) {
        var encoder = new OpusFrameEncoder(16000, settings);
        var tone = new ToneGenerator(16000, hz, -12);
        short[] pcm = new short[320];
        byte[] pkt = new byte[1275];
        return vertx.setPeriodic(20, id -> {
            tone.next(pcm, 0, pcm.length);
            int n = encoder.encode(pcm, 0, pkt, 0, pkt.length);
            engine.sendOpus(pkt, 0, n, 960);
        });
    }
}
