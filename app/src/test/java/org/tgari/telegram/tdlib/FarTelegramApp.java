package org.tgari.telegram.tdlib;

import static org.tgari.telegram.tdlib.ScriptedTdSession.node;

import io.vertx.core.Vertx;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.tgari.telegram.sim.ReflectorSimulator;
import org.tgari.voip.dtls.DtlsCertificate;
import org.tgari.voip.engine.CallEngine;
import org.tgari.voip.engine.CallParams;
import org.tgari.voip.engine.EngineState;
import org.tgari.voip.ice.CallServer;

/**
 * The other Telegram app in a test call with a {@link TdLine}: its own tgcalls engine, a reflector
 * simulator between the two, and its signaling delivered to the line as TDLib's updates deliver it.
 */
final class FarTelegramApp implements AutoCloseable {

    final CompletableFuture<EngineState> state = new CompletableFuture<>();
    final CountDownLatch heard;
    private final ReflectorSimulator reflector;
    private final CallEngine engine;
    private final byte[] key = new byte[256];
    private final byte[] tag = new byte[16];
    private final int port;

    /** {@code farCalls}: the far app placed the call (so it is the outgoing party). */
    FarTelegramApp(Vertx vertx, TdLine line, int callId, boolean farCalls, int packetsToHear, long seed) throws Exception {
        this.heard = new CountDownLatch(packetsToHear);
        this.reflector = new ReflectorSimulator(vertx, "127.0.0.1", 1);
        this.port = reflector.start(0).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        Random r = new Random(seed);
        r.nextBytes(key);
        r.nextBytes(tag);
        List<CallServer> servers = List.of(new CallServer.TelegramReflector(9, "127.0.0.1", "", port, tag, false));
        this.engine = new CallEngine(vertx, new CallParams(key, farCalls, "8.0.0", servers, false, Map.of()),
                CallEngine.Options.defaults(DtlsCertificate.generateEcdsaP256()), new CallEngine.Listener() {
                    @Override
                    public void signaling(byte[] blob) {
                        line.onUpdate(node("{\"@type\":\"updateNewCallSignalingData\",\"call_id\":" + callId + ",\"data\":\""
                                + Base64.getEncoder().encodeToString(blob) + "\"}"));
                    }

                    @Override
                    public void state(EngineState s) {
                        if (s instanceof EngineState.Connected || s instanceof EngineState.Failed) state.complete(s);
                    }
                });
        engine.start((seq, ts, b, off, len) -> heard.countDown());
    }

    CallEngine engine() {
        return engine;
    }

    /** What our line sent with sendCallSignalingData reaches the far app. */
    void receiveFromLine(String base64) {
        engine.receiveSignaling(Base64.getDecoder().decode(base64));
    }

    /** callStateReady as TDLib gives it to our side: the same key, the reflector, version 8.0.0. */
    String readyState() {
        String servers = "[{\"@type\":\"callServer\",\"id\":\"9\",\"ip_address\":\"127.0.0.1\",\"ipv6_address\":\"\",\"port\":" + port
                + ",\"type\":{\"@type\":\"callServerTypeTelegramReflector\",\"peer_tag\":\"" + Base64.getEncoder().encodeToString(tag) + "\",\"is_tcp\":false}}]";
        return "{\"@type\":\"callStateReady\",\"protocol\":{\"@type\":\"callProtocol\",\"udp_p2p\":true,"
                + "\"udp_reflector\":true,\"min_layer\":65,\"max_layer\":92,\"library_versions\":[\"8.0.0\"]},\"servers\":" + servers
                + ",\"config\":\"{}\",\"encryption_key\":\"" + Base64.getEncoder().encodeToString(key) + "\",\"emojis\":[],\"allow_p2p\":false,"
                + "\"is_group_call_supported\":false,\"custom_parameters\":\"\"}";
    }

    @Override
    public void close() {
        engine.close();
        reflector.close();
    }
}
