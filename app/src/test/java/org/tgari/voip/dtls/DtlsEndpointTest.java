package org.tgari.voip.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Client and server endpoints over an in-memory datagram path. */
class DtlsEndpointTest {

    private static final DtlsCertificate CLIENT_CERT = DtlsCertificate.generateEcdsaP256();
    private static final DtlsCertificate SERVER_CERT = DtlsCertificate.generateEcdsaP256();

    private static final class Outcome implements DtlsEndpoint.Listener {
        final CompletableFuture<SrtpKeyingMaterial> keys = new CompletableFuture<>();
        final LinkedBlockingQueue<byte[]> app = new LinkedBlockingQueue<>();

        @Override public void connected(SrtpKeyingMaterial k) { keys.complete(k); }
        @Override public void failed(String reason) { keys.completeExceptionally(new IllegalStateException(reason)); }
        @Override public void applicationData(byte[] d, int off, int len) { app.add(java.util.Arrays.copyOfRange(d, off, off + len)); }
    }

    /** Wires two endpoints; {@code loss} drops that fraction of datagrams (seeded). */
    private static DtlsEndpoint[] wire(Outcome c, Outcome s, String clientExpects, String serverExpects, double loss, Duration timeout) {
        var random = new Random(11);
        AtomicReference<DtlsEndpoint> client = new AtomicReference<>(), server = new AtomicReference<>();
        client.set(new DtlsEndpoint(DtlsEndpoint.Role.CLIENT, CLIENT_CERT, clientExpects, d -> {
            if (random.nextDouble() >= loss) server.get().receive(d, 0, d.length);
        }, c, timeout));
        server.set(new DtlsEndpoint(DtlsEndpoint.Role.SERVER, SERVER_CERT, serverExpects, d -> {
            if (random.nextDouble() >= loss) client.get().receive(d, 0, d.length);
        }, s, timeout));
        return new DtlsEndpoint[] {client.get(), server.get()};
    }

    @Test
    void handshakeAgreesOnSrtpKeysAndCarriesApplicationData() throws Exception {
        Outcome c = new Outcome(), s = new Outcome();
        var e = wire(c, s, SERVER_CERT.sha256Fingerprint(), CLIENT_CERT.sha256Fingerprint(), 0, Duration.ofSeconds(10));
        e[1].start();
        e[0].start();
        var ck = c.keys.get(10, TimeUnit.SECONDS);
        var sk = s.keys.get(10, TimeUnit.SECONDS);
        assertThat(ck.srtpProtectionProfile()).isEqualTo(1);
        assertThat(ck.localMasterKey()).hasSize(16).isEqualTo(sk.remoteMasterKey());
        assertThat(ck.localMasterSalt()).hasSize(14).isEqualTo(sk.remoteMasterSalt());
        assertThat(sk.localMasterKey()).isEqualTo(ck.remoteMasterKey());
        assertThat(ck.localMasterKey()).isNotEqualTo(ck.remoteMasterKey());
        // Application data sent the instant the client finishes may meet a server still closing its last
        // flight and be dropped, as on a real network; SCTP retransmits, and so does this test.
        byte[] got = null;
        for (int i = 0; i < 50 && got == null; i++) {
            e[0].sendApplicationData(new byte[] {1, 2, 3}, 0, 3);
            got = s.app.poll(100, TimeUnit.MILLISECONDS);
        }
        assertThat(got).containsExactly(1, 2, 3);
        e[0].close();
        e[1].close();
        awaitStopped(e[0]);
        awaitStopped(e[1]);
    }

    @Test
    void survivesTwentyPercentLoss() throws Exception {
        Outcome c = new Outcome(), s = new Outcome();
        var e = wire(c, s, SERVER_CERT.sha256Fingerprint(), CLIENT_CERT.sha256Fingerprint(), 0.2, Duration.ofSeconds(20));
        e[1].start();
        e[0].start();
        assertThat(c.keys.get(25, TimeUnit.SECONDS).localMasterKey()).isEqualTo(s.keys.get(25, TimeUnit.SECONDS).remoteMasterKey());
        e[0].close();
        e[1].close();
    }

    @Test
    void aWrongFingerprintFailsWithoutKeys() throws Exception {
        Outcome c = new Outcome(), s = new Outcome();
        var e = wire(c, s, CLIENT_CERT.sha256Fingerprint() /* not the server's */, CLIENT_CERT.sha256Fingerprint(), 0, Duration.ofSeconds(5));
        e[1].start();
        e[0].start();
        assertThat(c.keys).failsWithin(10, TimeUnit.SECONDS).withThrowableThat().withMessageContaining("fingerprint mismatch");
        e[0].close();
        e[1].close();
    }

    @Test
    void noPeerTimesOut() throws Exception {
        Outcome c = new Outcome();
        var lonely = new DtlsEndpoint(DtlsEndpoint.Role.CLIENT, CLIENT_CERT, SERVER_CERT.sha256Fingerprint(), d -> { }, c, Duration.ofMillis(1500));
        lonely.start();
        assertThat(c.keys).failsWithin(10, TimeUnit.SECONDS).withThrowableThat().withMessageContaining("timed out");
        lonely.close();
        awaitStopped(lonely);
    }

    @Test
    void garbageDatagramsDoNotStopAHealthyHandshake() throws Exception {
        Outcome c = new Outcome(), s = new Outcome();
        var e = wire(c, s, SERVER_CERT.sha256Fingerprint(), CLIENT_CERT.sha256Fingerprint(), 0, Duration.ofSeconds(10));
        var r = new Random(3);
        for (int i = 0; i < 200; i++) {
            byte[] junk = new byte[1 + r.nextInt(100)];
            r.nextBytes(junk);
            junk[0] = (byte) (20 + r.nextInt(44));
            e[i % 2].receive(junk, 0, junk.length);
        }
        e[1].start();
        e[0].start();
        assertThat(c.keys.get(10, TimeUnit.SECONDS).localMasterKey()).isEqualTo(s.keys.get(10, TimeUnit.SECONDS).remoteMasterKey());
        e[0].close();
        e[1].close();
    }

    @Test
    void fingerprintIsWebRtcFormat() {
        assertThat(CLIENT_CERT.sha256Fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }

    private static void awaitStopped(DtlsEndpoint e) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (e.isRunning()) {
            if (System.nanoTime() > deadline) throw new AssertionError("DTLS thread still running after close");
            Thread.sleep(10);
        }
    }
}
