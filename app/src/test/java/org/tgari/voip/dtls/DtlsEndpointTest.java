package org.tgari.voip.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
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
        @Override public void applicationData(byte[] d, int off, int len) { app.add(Arrays.copyOfRange(d, off, off + len)); }
    }

    /** Wires two endpoints; {@code loss} drops that fraction of datagrams (seeded). */
    private static DtlsEndpoint[] wire(Outcome c, Outcome s, String clientExpects, String serverExpects, double loss, Duration timeout) {
        var random = new Random(11);
        Path lossy = (d, deliver) -> {
            if (random.nextDouble() >= loss) deliver.accept(d);
        };
        return wire(c, s, clientExpects, serverExpects, lossy, lossy, timeout);
    }

    /** A one-way datagram path a test can tamper with: given each datagram sent and the receiver's input. */
    private interface Path extends BiConsumer<byte[], Consumer<byte[]>> {
    }

    private static final Path CLEAN = (d, deliver) -> deliver.accept(d);

    private static DtlsEndpoint[] wire(Outcome c, Outcome s, String clientExpects, String serverExpects,
                                       Path clientToServer, Path serverToClient, Duration timeout) {
        AtomicReference<DtlsEndpoint> client = new AtomicReference<>(), server = new AtomicReference<>();
        client.set(new DtlsEndpoint(DtlsEndpoint.Role.CLIENT, CLIENT_CERT, clientExpects,
                d -> clientToServer.accept(d, r -> server.get().receive(r, 0, r.length)), c, timeout));
        server.set(new DtlsEndpoint(DtlsEndpoint.Role.SERVER, SERVER_CERT, serverExpects,
                d -> serverToClient.accept(d, r -> client.get().receive(r, 0, r.length)), s, timeout));
        return new DtlsEndpoint[] {client.get(), server.get()};
    }

    /** Runs a handshake over the given paths and asserts both ends agree on SRTP keys. */
    private static void handshakeSurvives(Path clientToServer, Path serverToClient) throws Exception {
        Outcome c = new Outcome(), s = new Outcome();
        var e = wire(c, s, SERVER_CERT.sha256Fingerprint(), CLIENT_CERT.sha256Fingerprint(), clientToServer, serverToClient,
                Duration.ofSeconds(8));
        try {
            e[1].start();
            e[0].start();
            var ck = c.keys.get(12, TimeUnit.SECONDS);
            var sk = s.keys.get(12, TimeUnit.SECONDS);
            assertThat(ck.localMasterKey()).isEqualTo(sk.remoteMasterKey());
            assertThat(sk.localMasterKey()).isEqualTo(ck.remoteMasterKey());
            assertThat(ck.localMasterSalt()).isEqualTo(sk.remoteMasterSalt());
        } finally {
            e[0].close();
            e[1].close();
        }
    }

    /** Delivers {@code forged} just before the first datagram of this path that {@code when} picks. */
    private static Path injectBefore(Predicate<byte[]> when, byte[] forged) {
        var done = new AtomicBoolean();
        return (d, deliver) -> {
            if (when.test(d) && done.compareAndSet(false, true)) deliver.accept(forged);
            deliver.accept(d);
        };
    }

    private static byte[] record(int type, int epoch, long seq, byte... fragment) {
        byte[] r = new byte[13 + fragment.length];
        r[0] = (byte) type;
        r[1] = (byte) 0xFE;
        r[2] = (byte) 0xFD;
        r[3] = (byte) (epoch >> 8);
        r[4] = (byte) epoch;
        for (int i = 0; i < 6; i++) r[5 + i] = (byte) (seq >>> (8 * (5 - i)));
        r[11] = (byte) (fragment.length >> 8);
        r[12] = (byte) fragment.length;
        System.arraycopy(fragment, 0, r, 13, fragment.length);
        return r;
    }

    private static boolean any(byte[] d) {
        return true;
    }

    private static boolean isHandshake(byte[] d, int messageType) {
        return d[0] == 22 && d[3] == 0 && d[4] == 0 && d.length > 13 && d[13] == messageType;
    }

    private static boolean isChangeCipherSpec(byte[] d) {
        return d[0] == 20;
    }

    private static boolean isEncrypted(byte[] d) {
        return d[3] != 0 || d[4] != 0;
    }

    @Test
    void aForgedPlaintextFatalAlertDoesNotEndTheHandshake() throws Exception {
        // Before the server's first flight: an off-path attacker wins that race easily.
        byte[] alert = record(21, 0, 0, (byte) 2, (byte) 40); // fatal handshake_failure
        handshakeSurvives(CLEAN, injectBefore(DtlsEndpointTest::any, alert));
    }

    @Test
    void aForgedPlaintextCloseNotifyDoesNotEndTheHandshake() throws Exception {
        byte[] closeNotify = record(21, 0, 0, (byte) 1, (byte) 0);
        handshakeSurvives(CLEAN, injectBefore(DtlsEndpointTest::any, closeNotify));
    }

    @Test
    void aServerHelloFragmentWithAnAbsurdLengthDoesNotWedgeTheClient() throws Exception {
        // message_seq 0 like the genuine ServerHello, claiming a 70000-byte message: BouncyCastle would
        // reassemble into that length and ignore the genuine ServerHello, whose length differs. Record
        // seq 40 stays clear of the server's own records, so only the fragment header is at fault.
        byte[] fragment = new byte[12 + 10];
        fragment[0] = 2;
        fragment[1] = 0x01; fragment[2] = 0x11; fragment[3] = 0x70; // length 70000
        fragment[11] = 10;                                         // fragment_length 10 at offset 0
        handshakeSurvives(CLEAN, injectBefore(DtlsEndpointTest::any, record(22, 0, 40, fragment)));
    }

    @Test
    void aReplayedRecordWithAFarAheadSequenceNumberDoesNotWedgeTheClient() throws Exception {
        // The server's own first record again, re-numbered 2^48-1: once accepted, every genuine epoch-0
        // record falls behind the replay window.
        var done = new AtomicBoolean();
        Path replay = (d, deliver) -> {
            if (done.compareAndSet(false, true)) {
                byte[] copy = d.clone();
                Arrays.fill(copy, 5, 11, (byte) 0xFF);
                deliver.accept(copy);
            }
            deliver.accept(d);
        };
        handshakeSurvives(CLEAN, replay);
    }

    @Test
    void aMalformedChangeCipherSpecDoesNotSwitchTheServerEarly() throws Exception {
        // Two bytes of 1 arriving after the ClientKeyExchange would move the server to epoch 1 before the
        // CertificateVerify, which is epoch 0 and then never read.
        byte[] ccs = record(20, 0, 40, (byte) 1, (byte) 1);
        handshakeSurvives(injectBefore(d -> isHandshake(d, 15), ccs), CLEAN);
    }

    @Test
    void aTooShortEncryptedRecordDoesNotEndTheHandshake() throws Exception {
        // Right after the server's ChangeCipherSpec the client reads epoch 1; ten bytes cannot hold an
        // AES-GCM nonce and tag, and BouncyCastle answers that with a fatal decode_error.
        byte[] shortRecord = record(23, 1, 5, new byte[10]);
        var sawCcs = new AtomicBoolean();
        handshakeSurvives(CLEAN, injectBefore(d -> {
            if (isChangeCipherSpec(d)) sawCcs.set(true);
            return isEncrypted(d) && sawCcs.get();
        }, shortRecord));
    }

    @Test
    void aChangeCipherSpecThatOvertakesTheCertificateVerifyIsHeldBackNotFatal() throws Exception {
        // The client's flight arrives as Certificate, ClientKeyExchange, ChangeCipherSpec, Finished,
        // CertificateVerify, as a reordering path may deliver datagrams sent microseconds apart.
        var held = new AtomicReference<byte[]>();
        var reordered = new AtomicBoolean();
        Path overtake = (d, deliver) -> {
            if (!reordered.get() && isHandshake(d, 15) && held.compareAndSet(null, d)) return;
            deliver.accept(d);
            if (isEncrypted(d) && held.get() != null && reordered.compareAndSet(false, true)) deliver.accept(held.get());
        };
        handshakeSurvives(overtake, CLEAN);
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

    @Test
    void anOwnerWhoseExecutorClosedEndsTheThreadQuietly() throws Exception {
        // what a closed Vert.x event loop throws at whoever posts to it
        var closed = new java.util.concurrent.RejectedExecutionException("event executor terminated");
        var uncaught = new AtomicReference<Throwable>();
        var told = new java.util.concurrent.CountDownLatch(1);
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.set(e));
        try {
            var endpoint = new DtlsEndpoint(DtlsEndpoint.Role.CLIENT, CLIENT_CERT, SERVER_CERT.sha256Fingerprint(), d -> {
                throw closed;
            }, new DtlsEndpoint.Listener() {
                @Override public void connected(SrtpKeyingMaterial keys) { throw closed; }
                @Override public void failed(String reason) { told.countDown(); throw closed; }
                @Override public void applicationData(byte[] data, int off, int len) { }
            }, Duration.ofSeconds(5));
            endpoint.start();
            assertThat(told.await(5, TimeUnit.SECONDS)).as("the endpoint tried to report its failure").isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (endpoint.isRunning() && System.nanoTime() < deadline) Thread.onSpinWait();
            assertThat(endpoint.isRunning()).isFalse();
            assertThat(uncaught.get()).as("nothing escaped the thread").isNull();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
    }
}
