package org.tgari.voip.turn;

import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.tgari.voip.stun.StunAttribute;
import org.tgari.voip.stun.StunMessage;
import org.tgari.voip.stun.StunMessageBuilder;
import org.tgari.voip.stun.StunParseResult;
import org.tgari.voip.stun.StunParser;

/**
 * One TURN client's whole life (challenge, allocation, permission, channel, a datagram, release) against
 * a stand-in server on 127.0.0.1, made at start-up with the engine's warm-up: a call's first TURN
 * allocation in a process took 190 ms of class loading and interpretation beyond Netty's own start
 * (20 ms warm), on the set-up path of every TURN call until then. The stand-in answers every request
 * at once and holds nothing.
 */
public final class TurnWarmUp {

    private static final String REALM = "warm-up";
    private static final TurnCredentials CREDENTIALS = new TurnCredentials("warm-up", "warm-up");
    private static final long GIVE_UP_MS = 3000;
    private static final long CHANNEL_MS = 50;

    private TurnWarmUp() {}

    /**
     * Completes (never exceptionally) when the client has released its allocation: true if it went
     * through all of it, false if something failed or 3 s passed.
     */
    public static CompletableFuture<Boolean> run(Vertx vertx) {
        var over = new CompletableFuture<Boolean>();
        byte[] key = StunMessage.longTermKey(CREDENTIALS.username(), REALM, CREDENTIALS.password());
        DatagramSocket server = vertx.createDatagramSocket();
        TurnClient[] client = new TurnClient[1];
        var context = vertx.getOrCreateContext();
        server.handler(p -> answer(server, p, key));
        server.listen(0, "127.0.0.1").onFailure(over::completeExceptionally).onSuccess(s -> context.runOnContext(v -> {
            var serverAddress = new InetSocketAddress("127.0.0.1", s.localAddress().port());
            var peer = new InetSocketAddress("127.0.0.1", 9);
            client[0] = new TurnClient(vertx, serverAddress, "127.0.0.1", CREDENTIALS, TurnTiming.defaults(), new TurnClient.Listener() {
                @Override
                public void allocated(InetSocketAddress relayed, InetSocketAddress mapped) {
                    client[0].permit(peer);
                }

                @Override
                public void data(InetSocketAddress from, byte[] buf, int off, int len) {}

                @Override
                public void failed(String reason) {
                    over.complete(false);
                }

                @Override
                public void permitted(java.net.InetAddress address) {
                    client[0].send(peer, new byte[4], 0, 4);
                    vertx.setTimer(CHANNEL_MS, id -> { // the channel is bound by then
                        client[0].send(peer, new byte[4], 0, 4);
                        client[0].closed().onComplete(r -> over.complete(r.succeeded() && r.result()));
                        client[0].close();
                    });
                }
            });
            client[0].start();
        }));
        return over.completeOnTimeout(false, GIVE_UP_MS, TimeUnit.MILLISECONDS).handle((done, t) -> {
            context.runOnContext(x -> {
                if (client[0] != null) client[0].close(); // a no-op once it closed
                server.close();
            });
            return t == null && done;
        });
    }

    /** The stand-in server: a 401 to an unsigned request, a signed success to everything else. */
    private static void answer(DatagramSocket server, DatagramPacket p, byte[] key) {
        byte[] d = p.data().getBytes();
        if (!(StunParser.parse(d, 0, d.length) instanceof StunParseResult.Parsed parsed)) return; // ChannelData, indications
        StunMessage m = parsed.message();
        TurnMethod method = TurnMethod.ofCode(m.method());
        if (method == null || m.type() != method.request()) return;
        byte[] reply;
        if (m.attribute(StunAttribute.Username.class).isEmpty()) {
            reply = StunMessageBuilder.of(method.error(), m.transactionId()).add(new StunAttribute.ErrorCode(401, "Unauthorized"))
                    .add(new StunAttribute.Realm(REALM)).add(new StunAttribute.Nonce("warm-up")).build(null, false);
        } else {
            var b = StunMessageBuilder.of(method.success(), m.transactionId());
            var from = new InetSocketAddress(p.sender().host(), p.sender().port());
            if (method == TurnMethod.ALLOCATE) {
                b.add(new StunAttribute.XorRelayedAddress(new InetSocketAddress("127.0.0.1", 9))).add(new StunAttribute.Lifetime(600))
                        .add(new StunAttribute.XorMappedAddress(from));
            } else if (method == TurnMethod.REFRESH) {
                b.add(new StunAttribute.Lifetime(0));
            }
            reply = b.build(key, false);
        }
        server.send(io.vertx.core.buffer.Buffer.buffer(reply), p.sender().port(), p.sender().host());
    }
}
