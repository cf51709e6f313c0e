package org.tgari.voip.turn;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tgari.voip.log.LogCapture;
import org.tgari.voip.log.LogContext;
import org.tgari.voip.stun.StunAttribute;
import org.tgari.voip.stun.StunMessage;
import org.tgari.voip.stun.StunMessageBuilder;
import org.tgari.voip.stun.StunParseResult;
import org.tgari.voip.stun.StunParser;

/** A hostile server: garbage and unsigned or wrongly signed successes are dropped and counted, never believed. */
class TurnClientDropsTest {
    private Vertx vertx;
    private Context context;
    private LogCapture turnLog;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        turnLog = LogCapture.of("org.tgari.voip.turn");
    }

    @AfterEach
    void tearDown() throws Exception {
        turnLog.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void forgedAndMalformedAnswersAreDroppedAndTheAllocateTimesOut() throws Exception {
        var relayed = new InetSocketAddress(InetAddress.getByName("198.51.100.1"), 50000);
        byte[] wrongKey = StunMessage.longTermKey("alice", "evil", "guess");
        DatagramSocket server = vertx.createDatagramSocket();
        server.handler(p -> {
            byte[] d = p.data().getBytes();
            if (!(StunParser.parse(d, 0, d.length) instanceof StunParseResult.Parsed parsed)) return;
            byte[] tid = parsed.message().transactionId();
            var success = StunMessageBuilder.of(TurnMethod.ALLOCATE.success(), tid)
                    .add(new StunAttribute.XorRelayedAddress(relayed)).add(new StunAttribute.Lifetime(600));
            int port = p.sender().port();
            String host = p.sender().host();
            server.send(Buffer.buffer(new byte[] {0x01, 0x01, 0x00, 0x07, 1, 2, 3}), port, host);        // truncated STUN
            server.send(Buffer.buffer(new byte[] {0x40, 0x00, 0x00, 0x09, 1}), port, host);              // short ChannelData
            server.send(Buffer.buffer(success.build(null, false)), port, host);                           // unsigned success
            server.send(Buffer.buffer(StunMessageBuilder.of(TurnMethod.ALLOCATE.success(), tid)
                    .add(new StunAttribute.XorRelayedAddress(relayed)).add(new StunAttribute.Lifetime(600))
                    .build(wrongKey, false)), port, host);                                                 // signed with a key we never had
        });
        int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).localAddress().port();
        var timing = new TurnTiming(Duration.ofMillis(50), 3, 600, Duration.ofSeconds(60), Duration.ofSeconds(240), Duration.ofSeconds(540),
                Duration.ofSeconds(1));
        var failed = new CompletableFuture<String>();
        var allocated = new CompletableFuture<InetSocketAddress>();
        var client = new CompletableFuture<TurnClient>();
        context.runOnContext(v -> {
            var c = new TurnClient(vertx, new InetSocketAddress("127.0.0.1", port), "127.0.0.1", new TurnCredentials("alice", "pw"), timing,
                    LogContext.named("7").with("call", "7"), new TurnClient.Listener() {
                        @Override
                        public void allocated(InetSocketAddress r, InetSocketAddress mapped) {
                            allocated.complete(r);
                        }

                        @Override
                        public void data(InetSocketAddress peer, byte[] buf, int off, int len) {}

                        @Override
                        public void failed(String reason) {
                            failed.complete(reason);
                        }
                    });
            c.start();
            client.complete(c);
        });
        assertThat(failed.get(5, TimeUnit.SECONDS)).contains("did not answer Allocate");
        assertThat(allocated).isNotDone();
        assertThat(turnLog.lines()).as("the client's lines, the failure among them, carry the call's field")
                .anyMatch(l -> l.getFormattedMessage().contains("did not answer Allocate"))
                .allMatch(l -> LogCapture.fields(l).equals(java.util.Map.of("call", "7")) && l.getFormattedMessage().startsWith("call 7: "));
        var stats = new CompletableFuture<TurnStats>();
        context.runOnContext(v -> stats.complete(client.join().stats()));
        TurnStats s = stats.get(2, TimeUnit.SECONDS);
        assertThat(s.requestsSent()).isEqualTo(1);
        assertThat(s.retransmits()).isEqualTo(2);
        assertThat(s.rejected()).as("four bad answers to each of three transmissions").isEqualTo(12);
        context.runOnContext(v -> client.join().close());
    }

    @Test
    void anAnswerFromAnotherAddressThanTheServerIsNeverBelieved() throws Exception {
        // The impostor knows the credentials and sees the requests: it answers each with a challenge and
        // then with a correctly signed success, from its own address. Only the server may answer.
        var relayed = new InetSocketAddress(InetAddress.getByName("198.51.100.1"), 50000);
        byte[] key = StunMessage.longTermKey("alice", "realm", "pw");
        DatagramSocket impostor = vertx.createDatagramSocket();
        int impostorPort = impostor.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)
                .localAddress().port();
        assertThat(impostorPort).isPositive();
        DatagramSocket server = vertx.createDatagramSocket();
        server.handler(p -> {
            byte[] d = p.data().getBytes();
            if (!(StunParser.parse(d, 0, d.length) instanceof StunParseResult.Parsed parsed)) return;
            byte[] tid = parsed.message().transactionId();
            int port = p.sender().port();
            String host = p.sender().host();
            if (parsed.message().attribute(StunAttribute.Username.class).isEmpty()) {
                impostor.send(Buffer.buffer(StunMessageBuilder.of(TurnMethod.ALLOCATE.error(), tid)
                        .add(new StunAttribute.ErrorCode(401, "Unauthorized")).add(new StunAttribute.Realm("realm"))
                        .add(new StunAttribute.Nonce("n")).build(null, false)), port, host);
            }
            impostor.send(Buffer.buffer(StunMessageBuilder.of(TurnMethod.ALLOCATE.success(), tid)
                    .add(new StunAttribute.XorRelayedAddress(relayed)).add(new StunAttribute.Lifetime(600)).build(key, false)), port, host);
        });
        int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).localAddress().port();
        var timing = new TurnTiming(Duration.ofMillis(50), 3, 600, Duration.ofSeconds(60), Duration.ofSeconds(240), Duration.ofSeconds(540),
                Duration.ofSeconds(1));
        var failed = new CompletableFuture<String>();
        var allocated = new CompletableFuture<InetSocketAddress>();
        var client = new CompletableFuture<TurnClient>();
        context.runOnContext(v -> {
            var c = new TurnClient(vertx, new InetSocketAddress("127.0.0.1", port), "127.0.0.1", new TurnCredentials("alice", "pw"), timing,
                    LogContext.named("7").with("call", "7"), new TurnClient.Listener() {
                        @Override
                        public void allocated(InetSocketAddress r, InetSocketAddress mapped) {
                            allocated.complete(r);
                        }

                        @Override
                        public void data(InetSocketAddress peer, byte[] buf, int off, int len) {}

                        @Override
                        public void failed(String reason) {
                            failed.complete(reason);
                        }
                    });
            c.start();
            client.complete(c);
        });
        assertThat(failed.get(5, TimeUnit.SECONDS)).contains("did not answer Allocate");
        assertThat(allocated).isNotDone();
        assertThat(turnLog.lines()).as("the client's lines, the failure among them, carry the call's field")
                .anyMatch(l -> l.getFormattedMessage().contains("did not answer Allocate"))
                .allMatch(l -> LogCapture.fields(l).equals(java.util.Map.of("call", "7")) && l.getFormattedMessage().startsWith("call 7: "));
        var stats = new CompletableFuture<TurnStats>();
        context.runOnContext(v -> stats.complete(client.join().stats()));
        assertThat(stats.get(2, TimeUnit.SECONDS).challenges()).as("the impostor's challenges were not taken either").isZero();
        context.runOnContext(v -> client.join().close());
    }
}
