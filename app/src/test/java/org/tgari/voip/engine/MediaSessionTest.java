package org.tgari.voip.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tgari.voip.dtls.DtlsCertificate;
import org.tgari.voip.dtls.DtlsEndpoint;
import org.tgari.voip.ice.IceAgent;
import org.tgari.voip.ice.IceCandidate;
import org.tgari.voip.ice.IceState;

/** One media session against a bare ICE agent on loopback that answers checks and nothing else. */
class MediaSessionTest {

    private static final DtlsCertificate CERT = DtlsCertificate.generateEcdsaP256();
    private Vertx vertx;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /**
     * The DTLS handshake shares the call's connect deadline: it used to have a fixed 10 s of its own
     * from its start, so a call set to give up after 2 s waited 10 s on a peer that never answered DTLS
     * (and, the other way round, a lossy call with time left lost its handshake at 10 s).
     */
    @Test
    void dtlsThatNeverCompletesFailsAtTheCallsConnectDeadline() throws Exception {
        var failed = new CompletableFuture<String>();
        var iceUp = new CompletableFuture<Void>();
        IceAgent[] silent = new IceAgent[1];
        MediaSession[] session = new MediaSession[1];
        vertx.runOnContext(v -> {
            session[0] = new MediaSession(vertx, new IceAgent.Config(true, true, List.of(), "127.0.0.1", Duration.ofSeconds(2),
                    Duration.ofMillis(20)), CERT, DtlsEndpoint.Role.CLIENT, new SecureRandom(), new MediaSession.Listener() {
                        @Override
                        public void localCandidate(IceCandidate c) {
                            silent[0].addRemoteCandidate(c);
                        }

                        @Override
                        public void connected(String path) {
                            failed.completeExceptionally(new AssertionError("connected to a peer without DTLS"));
                        }

                        @Override
                        public void failed(String reason) {
                            failed.complete(reason);
                        }
                    });
            silent[0] = new IceAgent(vertx, new IceAgent.Config(false, true, List.of(), "127.0.0.1", Duration.ofSeconds(30),
                    Duration.ofMillis(20)), IceAgent.Credentials.random(), new IceAgent.Listener() {
                        @Override
                        public void localCandidate(IceCandidate c) {
                            session[0].addRemoteCandidate(c);
                        }

                        @Override
                        public void state(IceState s) {
                            if (s instanceof IceState.Connected) iceUp.complete(null);
                        }

                        @Override
                        public void data(byte[] buf, int off, int len) {
                            // DTLS goes unanswered
                        }
                    });
            var theirs = silent[0].localCredentials();
            var ours = session[0].localCredentials();
            silent[0].setRemoteCredentials(ours.ufrag(), ours.pwd());
            session[0].setRemote(theirs.ufrag(), theirs.pwd(), DtlsCertificate.generateEcdsaP256().sha256Fingerprint());
            session[0].start();
            silent[0].start();
        });
        long began = System.nanoTime();
        try {
            iceUp.get(5, TimeUnit.SECONDS);
            assertThat(failed.get(6, TimeUnit.SECONDS)).contains("timed out");
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(6));
        } finally {
            session[0].close();
            vertx.runOnContext(v -> silent[0].close());
        }
    }
}
