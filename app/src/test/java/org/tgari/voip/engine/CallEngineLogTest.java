package org.tgari.voip.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tgari.telegram.sim.ReflectorSimulator;
import org.tgari.voip.dtls.DtlsCertificate;
import org.tgari.voip.ice.CallServer;
import org.tgari.voip.log.LogCapture;
import org.tgari.voip.log.LogContext;

/**
 * Every line the engine's components write about a call carries the key-value pairs its owner gave
 * ({@code call}, {@code telegramCall}), on whatever thread it is written, and names in its text the
 * call those pairs name: two calls run at once here, on the same event loops and socket poller.
 */
class CallEngineLogTest {

    private static final DtlsCertificate CERT = DtlsCertificate.generateEcdsaP256();
    private static final LogContext CALLER = LogContext.named("7 (tg 1234)").with("call", "7").with("telegramCall", "1234");
    private static final LogContext CALLEE = LogContext.named("8").with("call", "8");

    private Vertx vertx;
    private ReflectorSimulator reflector;
    private LogCapture voip;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        reflector = new ReflectorSimulator(vertx, "127.0.0.1", 9);
        voip = LogCapture.of("org.tgari.voip");
    }

    @AfterEach
    void tearDown() throws Exception {
        voip.close();
        reflector.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void everyLineOfAConnectedCallCarriesItsFields() throws Exception {
        int port = reflector.start(0).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        byte[] tag = new byte[16];
        List<CallServer> servers = List.of(
                new CallServer.TelegramReflector(5001, "127.0.0.1", "", port, tag, false),
                // a reflector by name, which the engine does not look up: CandidateBases says so
                new CallServer.TelegramReflector(5002, "reflector.invalid", "", port, tag, false));
        // a parameter the engine does not implement: CallEngine says so
        var params = new CallParams(new byte[256], true, "8.0.0", servers, false, Map.of("unknown_feature", "true"));
        var options = new CallEngine.Options("127.0.0.1", Duration.ofSeconds(10), CERT);
        EngineTestParty[] pair = EngineTestParty.connect(vertx, params, options.withLog(CALLER), options.withLog(CALLEE), 1);
        assertThat(pair[0].settled.get(10, TimeUnit.SECONDS)).isInstanceOf(EngineState.Connected.class);
        assertThat(pair[1].settled.get(10, TimeUnit.SECONDS)).isInstanceOf(EngineState.Connected.class);
        pair[0].engine.close();
        pair[1].engine.close();

        List<ILoggingEvent> lines = voip.lines();
        assertEveryLineCarriesItsCall(lines);
        assertThat(writers(lines)).contains("CallEngine", "CandidateBases");
        assertThat(lines).filteredOn(l -> l.getFormattedMessage().contains("media: connected"))
                .extracting(l -> LogCapture.fields(l).get("call")).containsExactlyInAnyOrder("7", "8");
    }

    @Test
    void everyLineOfACallThatCannotSetUpCarriesItsFields() throws Exception {
        // 192.0.2.1 (TEST-NET-1) is no address of this machine: the host, reflector and TURN sockets
        // cannot bind, and ICE then fails; BaseSocket, TurnClient and IceAgent each say so.
        List<CallServer> servers = List.of(
                new CallServer.TelegramReflector(5001, "127.0.0.1", "", 9, new byte[16], false),
                new CallServer.Webrtc(6001, "127.0.0.1", "", 3478, "user", "pass", true, false));
        var params = new CallParams(new byte[256], true, "8.0.0", servers, true, Map.of());
        var options = new CallEngine.Options("192.0.2.1", Duration.ofSeconds(1), CERT).withLog(CALLER);
        var settled = new CompletableFuture<EngineState>();
        var engine = new CallEngine(vertx, params, options, new CallEngine.Listener() {
            @Override public void signaling(byte[] blob) { }

            @Override public void state(EngineState s) {
                if (s instanceof EngineState.Failed) settled.complete(s);
            }
        });
        engine.begin();
        assertThat(settled.get(10, TimeUnit.SECONDS)).isInstanceOf(EngineState.Failed.class);
        engine.close();

        List<ILoggingEvent> lines = voip.lines();
        assertEveryLineCarriesItsCall(lines);
        assertThat(writers(lines)).contains("CallEngine", "IceAgent", "BaseSocket", "TurnClient");
    }

    /** Each voip line names one of the two calls by its fields, and its text by the same call's name. */
    private static void assertEveryLineCarriesItsCall(List<ILoggingEvent> lines) {
        assertThat(lines).as("the call wrote lines").isNotEmpty();
        for (ILoggingEvent line : lines) {
            Map<String, String> fields = LogCapture.fields(line);
            String text = line.getLoggerName() + ": " + line.getFormattedMessage();
            assertThat(fields).as(text).isIn(Map.of("call", "7", "telegramCall", "1234"), Map.of("call", "8"));
            LogContext call = fields.get("call").equals("7") ? CALLER : CALLEE;
            assertThat(line.getFormattedMessage()).as(text).matches("call " + Pattern.quote(call.name()) + "[: ].*");
        }
    }

    private static Set<String> writers(List<ILoggingEvent> lines) {
        var names = new TreeSet<String>();
        for (ILoggingEvent l : lines) names.add(l.getLoggerName().substring(l.getLoggerName().lastIndexOf('.') + 1));
        return names;
    }
}
