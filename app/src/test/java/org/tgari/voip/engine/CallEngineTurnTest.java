package org.tgari.voip.engine;

import org.tgari.voip.ice.CallServer;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tgari.media.codec.OpusSettings;
import org.tgari.voip.dtls.DtlsCertificate;
import org.tgari.voip.turn.Coturn;

/**
 * Two engines whose only server is a callServerTypeWebrtc TURN server (no reflector, P2P off): the
 * call must come up through a real coturn on loopback, or fail at once and say why.
 */
class CallEngineTurnTest {
    private static final DtlsCertificate CERT_A = DtlsCertificate.generateEcdsaP256();
    private static final DtlsCertificate CERT_B = DtlsCertificate.generateEcdsaP256();
    private static final String USER = "tg-call";
    private static final String PASSWORD = "call-secret";
    private static Coturn coturn;

    private Vertx vertx;

    @BeforeAll
    static void startServer() throws Exception {
        coturn = Coturn.start(USER, PASSWORD);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (coturn != null) coturn.close();
    }

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private EngineTestParty[] connect(String password, Duration failAfter) {
        List<CallServer> servers = List.of(new CallServer.Webrtc(42, "127.0.0.1", "", coturn.address().getPort(), USER, password, true, false));
        return EngineTestParty.connect(vertx, "8.0.0", servers, false, failAfter, CERT_A, CERT_B, 50);
    }

    @Test
    void twoEnginesWithOnlyATurnServerConnectThroughTheRelayAndCarryAudio() throws Exception {
        EngineTestParty[] p = connect(PASSWORD, Duration.ofSeconds(10));
        EngineState sa = p[0].settled.get(10, TimeUnit.SECONDS);
        EngineState sb = p[1].settled.get(10, TimeUnit.SECONDS);
        assertThat(sa).isInstanceOf(EngineState.Connected.class);
        assertThat(sb).isInstanceOf(EngineState.Connected.class);
        assertThat(((EngineState.Connected) sa).path()).startsWith("TURN 127.0.0.1:" + coturn.address().getPort() + " relay");

        long timerA = p[0].playTone(vertx, 1000, OpusSettings.defaults());
        long timerB = p[1].playTone(vertx, 1000, OpusSettings.defaults());
        try {
            assertThat(p[1].packets.await(10, TimeUnit.SECONDS)).as("B hears A through TURN").isTrue();
            assertThat(p[0].packets.await(10, TimeUnit.SECONDS)).as("A hears B through TURN").isTrue();
        } finally {
            vertx.cancelTimer(timerA);
            vertx.cancelTimer(timerB);
        }
        assertThat(p[0].engine.engineStats().srtpFailures()).isZero();
        assertThat(p[1].engine.engineStats().srtpFailures()).isZero();
        p[0].engine.close();
        p[1].engine.close();
    }

    @Test
    void aWrongTurnPasswordFailsTheCallNamingTurnAuthentication() throws Exception {
        // A minute of ICE deadline: failing within the 15 s we wait proves the failure did not wait for it.
        EngineTestParty[] p = connect("not-" + PASSWORD, Duration.ofSeconds(60));
        EngineState sa = p[0].settled.get(15, TimeUnit.SECONDS);
        assertThat(sa).isInstanceOf(EngineState.Failed.class);
        assertThat(((EngineState.Failed) sa).reason()).contains("TURN authentication failed").contains(USER).doesNotContain("no connectivity within");
        assertThat(p[1].settled.get(15, TimeUnit.SECONDS)).isInstanceOf(EngineState.Failed.class);
    }
}
