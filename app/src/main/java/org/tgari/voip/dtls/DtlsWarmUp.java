package org.tgari.voip.dtls;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * DTLS handshakes between a client and a server endpoint of this process joined in memory, run when the
 * process starts so that the JIT has compiled BouncyCastle's handshake (ECDHE, ECDSA, the record layer,
 * the key export) before a call needs it. A handful of loopback calls leave most of it interpreted: a
 * call's handshake then took 40-270 ms of CPU against a few ms warm. About twenty in-memory handshakes
 * cost a fraction of a loopback call each (no sockets, no ICE, no timers).
 */
public final class DtlsWarmUp {

    private static final long GIVE_UP_MS = 3000;

    private DtlsWarmUp() {}

    /** Runs {@code handshakes} handshakes one after the other on a virtual thread; completes with how many succeeded. */
    public static CompletableFuture<Integer> run(DtlsCertificate certificate, int handshakes) {
        var done = new CompletableFuture<Integer>();
        Thread.ofVirtual().name("dtls-warm-up").start(() -> {
            int ok = 0;
            for (int i = 0; i < handshakes; i++) {
                if (!oneHandshake(certificate)) break;
                ok++;
            }
            done.complete(ok);
        });
        return done;
    }

    private static boolean oneHandshake(DtlsCertificate certificate) {
        var client = new Outcome();
        var server = new Outcome();
        var clientEnd = new AtomicReference<DtlsEndpoint>();
        var serverEnd = new AtomicReference<DtlsEndpoint>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GIVE_UP_MS);
        String fingerprint = certificate.sha256Fingerprint();
        clientEnd.set(new DtlsEndpoint(DtlsEndpoint.Role.CLIENT, certificate, fingerprint,
                d -> serverEnd.get().receive(d, 0, d.length), client, deadline, 1000));
        serverEnd.set(new DtlsEndpoint(DtlsEndpoint.Role.SERVER, certificate, fingerprint,
                d -> clientEnd.get().receive(d, 0, d.length), server, deadline, 1000));
        try {
            serverEnd.get().start();
            clientEnd.get().start();
            CompletableFuture.allOf(client.keys, server.keys).get(GIVE_UP_MS, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } finally {
            clientEnd.get().close();
            serverEnd.get().close();
        }
    }

    private static final class Outcome implements DtlsEndpoint.Listener {
        final CompletableFuture<Void> keys = new CompletableFuture<>();

        @Override
        public void connected(SrtpKeyingMaterial k) {
            keys.complete(null);
        }

        @Override
        public void failed(String reason) {
            keys.completeExceptionally(new IllegalStateException(reason));
        }

        @Override
        public void applicationData(byte[] data, int off, int len) {
            // none in a warm-up
        }
    }
}
