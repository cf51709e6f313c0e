package org.tgari.voip.engine;

import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tgari.voip.dtls.DtlsCertificate;
import org.tgari.voip.dtls.DtlsWarmUp;
import org.tgari.voip.turn.TurnWarmUp;

/**
 * A few calls between two engines of this process over 127.0.0.1, made when the process starts, so that
 * the first real call does not pay for loading and compiling the engine's code. A cold JVM spent
 * 100-350 ms on its first signaling blob alone (the cipher, JSON and their classes) and twice as long
 * on its first DTLS handshake as a warm one; a caller hears all of that as silence. First come some
 * in-memory DTLS handshakes ({@link DtlsWarmUp}: the handshake is the costliest step). Each warm-up call
 * goes through signaling, ICE, DTLS and a little SRTP both ways. Before them a TURN client goes through
 * its whole life against a stand-in server ({@link TurnWarmUp}): a process's first TURN allocation took
 * 2.3 s instead of 20 ms, 0.5-0.7 s of it the first Netty channel (Netty's one-time set-up, its machine-id
 * lookup among them; our own sockets are plain NIO, TURN's are Vert.x's). A failed warm-up is only
 * logged: the real calls then just start colder.
 */
public final class EngineWarmUp {

    private static final Logger log = LoggerFactory.getLogger(EngineWarmUp.class);
    private static final Duration GIVE_UP = Duration.ofSeconds(5);
    private static final int PACKETS = 50;
    private static final long MEDIA_MS = 100;
    private static final byte[] OPUS = new byte[60];
    /** In-memory DTLS handshakes before the calls: enough for the JIT to compile the handshake's hot code. */
    private static final int DTLS_HANDSHAKES = 20;

    private EngineWarmUp() {}

    /** Runs the DTLS and TURN warm-ups, then {@code calls} loopback calls one after the other; completes (never exceptionally) when they are over. */
    public static CompletableFuture<Void> run(Vertx vertx, DtlsCertificate certificate, int calls) {
        long began = System.nanoTime();
        CompletableFuture<Void> chain = DtlsWarmUp.run(certificate, DTLS_HANDSHAKES).thenAccept(ok -> {
            if (ok < DTLS_HANDSHAKES) log.info("engine warm-up: {} of {} in-memory DTLS handshakes went through", ok, DTLS_HANDSHAKES);
        }).thenCompose(v -> TurnWarmUp.run(vertx)).thenAccept(released -> {
            if (!released) log.info("engine warm-up: the TURN client's warm-up did not go through");
        });
        for (int i = 1; i <= calls; i++) {
            int n = i;
            chain = chain.thenCompose(v -> oneCall(vertx, certificate, n));
        }
        return chain.handle((v, t) -> {
            log.info("engine warm-up: {} loopback calls in {} ms{}", calls, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began),
                    t == null ? "" : " (" + t + ")");
            return null;
        });
    }

    private static CompletableFuture<Void> oneCall(Vertx vertx, DtlsCertificate certificate, int n) {
        byte[] key = new byte[256];
        new SecureRandom().nextBytes(key);
        var over = new CompletableFuture<Void>();
        var pair = new CallEngine[2];
        var connected = new AtomicInteger();
        for (int k = 0; k < 2; k++) {
            int self = k;
            pair[k] = new CallEngine(vertx, "warm-up " + n + (k == 0 ? " caller" : " callee"),
                    new CallParams(key, k == 0, "8.0.0", List.of(), true, Map.of()),
                    new CallEngine.Options("127.0.0.1", GIVE_UP, certificate), new CallEngine.Listener() {
                        @Override
                        public void signaling(byte[] blob) {
                            pair[1 - self].receiveSignaling(blob);
                        }

                        @Override
                        public void state(EngineState s) {
                            if (s instanceof EngineState.Failed) over.complete(null);
                            if (s instanceof EngineState.Connected && connected.incrementAndGet() == 2) {
                                for (int p = 0; p < PACKETS; p++) {
                                    pair[0].sendOpus(OPUS, 0, OPUS.length, 960);
                                    pair[1].sendOpus(OPUS, 0, OPUS.length, 960);
                                }
                                // long enough for the packets to be polled, decrypted and delivered
                                vertx.setTimer(MEDIA_MS, id -> over.complete(null));
                            }
                        }
                    });
            pair[k].start((seq, ts, buf, off, len) -> { });
        }
        pair[0].begin();
        pair[1].begin();
        return over.completeOnTimeout(null, GIVE_UP.toMillis() + 1000, TimeUnit.MILLISECONDS).whenComplete((v, t) -> {
            pair[0].close();
            pair[1].close();
        });
    }
}
