package org.tgari.voip.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.Locale;
import java.util.Vector;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SRTPProtectionProfile;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.tgari.voip.log.CallLogger;
import org.tgari.voip.log.LogContext;

/**
 * One DTLS 1.2 association for DTLS-SRTP over a datagram path the caller supplies (the ICE pair):
 * ECDHE-ECDSA with AES-GCM, mutual certificates checked against the fingerprints from signaling,
 * use_srtp with AES_CM_128_HMAC_SHA1_80, and the RFC 5764 keying material split by role. BouncyCastle's
 * DTLS API blocks, so the handshake and the application-data reader run on one virtual thread.
 */
public final class DtlsEndpoint implements AutoCloseable {

    public enum Role { CLIENT, SERVER }

    /** Callbacks, on the endpoint's own thread. */
    public interface Listener {
        void connected(SrtpKeyingMaterial keys);

        void failed(String reason);

        void applicationData(byte[] data, int off, int len);
    }

    private static final int[] SUITES = {
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256};
    /**
     * X25519 first, as WebRTC offers, and P-256 for peers without it: the fastest key exchange BouncyCastle
     * has, and a shorter ClientHello than its default list (x448, P-384).
     */
    private static final int[] GROUPS = {NamedGroup.x25519, NamedGroup.secp256r1};
    private static final int MTU = 1200;
    private static final int QUEUE = 256;
    private static final int IDLE_WAIT_MS = 30_000;

    private final Role role;
    private final DtlsCertificate local;
    private final String expectedRemoteFingerprint;
    private final Consumer<byte[]> datagramOut;
    private final Listener listener;
    private final long handshakeDeadlineNanos;
    private final int firstResendMillis;
    private final BcTlsCrypto crypto;
    private final BlockingQueue<byte[]> incoming = new ArrayBlockingQueue<>(QUEUE);
    private final DtlsRecordGuard guard;
    private final CallLogger log;
    private volatile boolean closed;
    private volatile boolean reported;
    private volatile DTLSTransport transport;
    private volatile Thread thread;
    private volatile long droppedIncoming;

    /** An endpoint whose handshake may take {@code handshakeTimeout} from now, with BouncyCastle's 1 s first resend. */
    public DtlsEndpoint(Role role, DtlsCertificate local, String expectedRemoteSha256Fingerprint, Consumer<byte[]> datagramOut,
                        Listener listener, Duration handshakeTimeout) {
        this(role, local, expectedRemoteSha256Fingerprint, datagramOut, listener, System.nanoTime() + handshakeTimeout.toNanos(), 1000);
    }

    /**
     * @param handshakeDeadlineNanos when (on {@link System#nanoTime()}) the handshake gives up: the call's
     *        own connect deadline, so a lossy path gets every retransmission the call can wait for
     * @param firstResendMillis when a flight is first resent (then doubling, as RFC 6347 says)
     */
    public DtlsEndpoint(Role role, DtlsCertificate local, String expectedRemoteSha256Fingerprint, Consumer<byte[]> datagramOut,
                        Listener listener, long handshakeDeadlineNanos, int firstResendMillis) {
        this(role, local, expectedRemoteSha256Fingerprint, datagramOut, listener, handshakeDeadlineNanos, firstResendMillis, LogContext.named("-"));
    }

    /** As above, for the call {@code log} names (its lines carry its key-value pairs). */
    public DtlsEndpoint(Role role, DtlsCertificate local, String expectedRemoteSha256Fingerprint, Consumer<byte[]> datagramOut,
                        Listener listener, long handshakeDeadlineNanos, int firstResendMillis, LogContext log) {
        this.log = CallLogger.of(DtlsEndpoint.class, log);
        this.role = role;
        this.local = local;
        this.expectedRemoteFingerprint = expectedRemoteSha256Fingerprint.toUpperCase(Locale.ROOT);
        this.datagramOut = datagramOut;
        this.listener = listener;
        this.handshakeDeadlineNanos = handshakeDeadlineNanos;
        this.firstResendMillis = Math.max(1, firstResendMillis);
        this.crypto = local.crypto();
        this.guard = new DtlsRecordGuard(role);
    }

    /**
     * The first resend for a path whose round trip is {@code rttMs}: twice that, within 100 ms and 1 s
     * (RFC 6347's 1 s fits no path of a call; a lost first flight would cost a second of silence).
     */
    public static int firstResendFor(long rttMs) {
        return (int) Math.clamp(2 * rttMs, 100, 1000);
    }

    public void start() {
        thread = Thread.ofVirtual().name("dtls-" + role.name().toLowerCase(Locale.ROOT)).start(this::run);
    }

    /** A DTLS datagram from the network; copied, never blocks (a full queue drops, as a network would). */
    public void receive(byte[] buf, int off, int len) {
        if (closed || len <= 0) return;
        if (!incoming.offer(Arrays.copyOfRange(buf, off, off + len))) droppedIncoming++;
    }

    /** Sends application data (SCTP, later) once connected. */
    public void sendApplicationData(byte[] buf, int off, int len) {
        DTLSTransport t = transport;
        if (t == null || closed) return;
        try {
            t.send(buf, off, len);
        } catch (IOException e) {
            fail("send failed: " + e.getMessage());
        }
    }

    public long droppedIncoming() {
        return droppedIncoming;
    }

    /** Records the guard in front of BouncyCastle dropped as forged, malformed or stale; read after the thread ends. */
    public long droppedByGuard() {
        return guard.dropped();
    }

    /** True until the endpoint's thread has ended (after close or failure). */
    public boolean isRunning() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    private void run() {
        try {
            handshakeAndRead();
        } catch (RejectedExecutionException e) {
            // The owner's executor closed under this thread (Vert.x closing at shutdown with a call still up):
            // expected then, and there is nobody left to tell.
            log.debug("call {}: dtls {}: the owner's executor is closed ({}); the endpoint's thread ends", log.context().name(),
                    role.name().toLowerCase(Locale.ROOT), e.getMessage());
        }
    }

    private void handshakeAndRead() {
        var datagrams = new QueueTransport();
        long deadline = handshakeDeadlineNanos;
        try {
            DTLSTransport t = switch (role) {
                case CLIENT -> new DTLSClientProtocol().connect(new Client(deadline), datagrams);
                case SERVER -> new DTLSServerProtocol().accept(new Server(deadline), datagrams);
            };
            transport = t;
            byte[] buf = new byte[2048];
            while (!closed) {
                // Any datagram wakes this at once and close() interrupts it, so a long wait only spares the
                // idle wake-ups (two a second per call with 500 ms) of a path that carries no data after the handshake.
                int n = t.receive(buf, 0, buf.length, IDLE_WAIT_MS);
                if (n > 0) listener.applicationData(buf, 0, n);
            }
        } catch (TlsFatalAlert alert) {
            fail(System.nanoTime() > deadline && transport == null ? "handshake timed out"
                    : "DTLS alert: " + AlertDescription.getText(alert.getAlertDescription()));
        } catch (RejectedExecutionException e) {
            throw e; // the owner is gone: reporting a failure would post to it again
        } catch (IOException | RuntimeException e) {
            if (!closed) fail(System.nanoTime() > deadline && transport == null ? "handshake timed out" : "DTLS failed: " + e);
        } finally {
            DTLSTransport t = transport;
            if (t != null) {
                try {
                    t.close(); // sends close_notify
                } catch (IOException | RejectedExecutionException ignored) {
                    // the path may already be gone
                }
            }
        }
    }

    private void fail(String reason) {
        if (reported) return;
        reported = true;
        listener.failed(reason);
    }

    private void handshakeDone(TlsContext context) throws IOException {
        byte[] m = context.exportKeyingMaterial("EXTRACTOR-dtls_srtp", null, 60);
        byte[] clientKey = Arrays.copyOfRange(m, 0, 16), serverKey = Arrays.copyOfRange(m, 16, 32);
        byte[] clientSalt = Arrays.copyOfRange(m, 32, 46), serverSalt = Arrays.copyOfRange(m, 46, 60);
        boolean client = role == Role.CLIENT;
        reported = true;
        listener.connected(new SrtpKeyingMaterial(SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80,
                client ? clientKey : serverKey, client ? clientSalt : serverSalt,
                client ? serverKey : clientKey, client ? serverSalt : clientSalt));
    }

    private void checkPeer(Certificate chain) throws IOException {
        if (chain == null || chain.isEmpty()) throw new TlsFatalAlert(AlertDescription.bad_certificate);
        byte[] der = chain.getCertificateAt(0).getEncoded();
        if (!MessageDigest.isEqual(DtlsCertificate.sha256Fingerprint(der).getBytes(), expectedRemoteFingerprint.getBytes())) {
            fail("fingerprint mismatch");
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }
    }

    private TlsCredentialedSigner signer(TlsContext context) throws IOException {
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, local.privateKey(), local.chain(),
                new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    private static UseSRTPData srtpProfiles() {
        return new UseSRTPData(new int[] {SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80}, TlsUtils.EMPTY_BYTES);
    }

    private int remainingMillis(long deadline) {
        return (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private final class Client extends DefaultTlsClient {
        private final long deadline;

        Client(long deadline) {
            super(crypto);
            this.deadline = deadline;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return SUITES.clone();
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return remainingMillis(deadline);
        }

        @Override
        public int getHandshakeResendTimeMillis() {
            return firstResendMillis;
        }

        @Override
        protected Vector<Integer> getSupportedGroups(Vector namedGroupRoles) {
            Vector<Integer> groups = new Vector<>();
            for (int g : GROUPS) groups.add(g);
            return groups;
        }

        @Override
        public Hashtable<Integer, byte[]> getClientExtensions() throws IOException {
            @SuppressWarnings("unchecked")
            Hashtable<Integer, byte[]> ext = TlsExtensionsHelper.copy(super.getClientExtensions());
            TlsSRTPUtils.addUseSRTPExtension(ext, srtpProfiles());
            return ext;
        }

        @Override
        public void notifySelectedCipherSuite(int selectedCipherSuite) {
            super.notifySelectedCipherSuite(selectedCipherSuite);
            guard.cipherSuiteSelected(selectedCipherSuite);
        }

        @Override
        public void processServerExtensions(Hashtable serverExtensions) throws IOException {
            super.processServerExtensions(serverExtensions);
            UseSRTPData d = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
            if (d == null || d.getProtectionProfiles().length != 1
                    || d.getProtectionProfiles()[0] != SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80) {
                throw new TlsFatalAlert(AlertDescription.illegal_parameter);
            }
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                    checkPeer(serverCertificate.getCertificate());
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                    return signer(context);
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            handshakeDone(context);
        }
    }

    private final class Server extends DefaultTlsServer {
        private final long deadline;

        Server(long deadline) {
            super(crypto);
            this.deadline = deadline;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return SUITES.clone();
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return remainingMillis(deadline);
        }

        @Override
        public int getHandshakeResendTimeMillis() {
            return firstResendMillis;
        }

        @Override
        public void processClientExtensions(Hashtable clientExtensions) throws IOException {
            super.processClientExtensions(clientExtensions);
            UseSRTPData d = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
            if (d == null || Arrays.stream(d.getProtectionProfiles()).noneMatch(p -> p == SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80)) {
                throw new TlsFatalAlert(AlertDescription.handshake_failure);
            }
        }

        @Override
        public int getSelectedCipherSuite() throws IOException {
            int suite = super.getSelectedCipherSuite();
            guard.cipherSuiteSelected(suite);
            return suite;
        }

        @Override
        public Hashtable<Integer, byte[]> getServerExtensions() throws IOException {
            @SuppressWarnings("unchecked")
            Hashtable<Integer, byte[]> ext = TlsExtensionsHelper.copy(super.getServerExtensions());
            TlsSRTPUtils.addUseSRTPExtension(ext, srtpProfiles());
            return ext;
        }

        @Override
        protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
            return signer(context);
        }

        @Override
        public CertificateRequest getCertificateRequest() {
            Vector<SignatureAndHashAlgorithm> algs = new Vector<>();
            algs.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
            return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign}, algs, null);
        }

        @Override
        public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
            checkPeer(clientCertificate);
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            handshakeDone(context);
        }
    }

    /**
     * The datagram path as BouncyCastle wants it: a blocking receive with a timeout, one record at a
     * time, each screened by the guard first.
     */
    private final class QueueTransport implements DatagramTransport {
        @Override
        public int getReceiveLimit() {
            return DtlsRecordGuard.MAX_DATAGRAM;
        }

        @Override
        public int getSendLimit() {
            return MTU;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            if (closed) throw new IOException("closed");
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
            try {
                for (;;) {
                    int n = guard.next(buf, off, len);
                    if (n >= 0) return n;
                    byte[] d = incoming.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (d == null) return -1;
                    guard.screen(d, 0, d.length, System.nanoTime());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("closed");
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            if (!closed || transport != null) datagramOut.accept(Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public void close() {
            // the owner closes the path
        }
    }

    @Override
    public void close() {
        if (closed) return;
        DTLSTransport t = transport;
        if (t != null) {
            try {
                t.close();
            } catch (IOException ignored) {
                // best effort close_notify
            }
        }
        closed = true;
        Thread th = thread;
        if (th != null) th.interrupt();
    }
}
