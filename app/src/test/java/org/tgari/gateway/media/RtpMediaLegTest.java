package org.tgari.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.tgari.ari.AriClient.ExternalMediaChannel;
import org.tgari.config.GatewayConfig.RtpFormat;

class RtpMediaLegTest {

    private static Buffer ulawPacket(int seq) {
        byte[] p = new byte[12 + 160];
        p[0] = (byte) 0x80;
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        p[11] = 1;
        java.util.Arrays.fill(p, 12, p.length, (byte) 0xFF);
        return Buffer.buffer(p);
    }

    private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** Runs {@code work} on the leg's context, where its counters live, and waits for its result. */
    private static <T> T on(io.vertx.core.Context context, java.util.concurrent.Callable<T> work) throws Exception {
        var result = new java.util.concurrent.CompletableFuture<T>();
        context.runOnContext(v -> {
            try {
                result.complete(work.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(5, TimeUnit.SECONDS);
    }

    @Test
    void audioIsTakenOnlyFromTheAddressAndPortAsteriskAnnounced() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            var context = vertx.getOrCreateContext();
            DatagramSocket asterisk = await(vertx.createDatagramSocket().listen(0, "127.0.0.1"));
            DatagramSocket stranger = await(vertx.createDatagramSocket().listen(0, "127.0.0.1"));
            var leg = new RtpMediaLeg(vertx, RtpFormat.ULAW, "127.0.0.1", "127.0.0.1", org.tgari.logging.CallLog.of(RtpMediaLegTest.class, "1"));
            var frames = new AtomicInteger();
            // as in a call: the leg is set up, fed and read on the call's context
            var request = await(on(context, () -> leg.prepare("telegram", "em-1")));
            int legPort = Integer.parseInt(request.externalHost().substring(request.externalHost().lastIndexOf(':') + 1));
            await(on(context, () -> leg.attach(new ExternalMediaChannel("em-1", Map.of("UNICASTRTP_LOCAL_ADDRESS", "127.0.0.1",
                    "UNICASTRTP_LOCAL_PORT", Integer.toString(asterisk.localAddress().port()))), (seq, pcm, off) -> frames.incrementAndGet())));

            await(stranger.send(ulawPacket(1), legPort, "127.0.0.1"));
            await(asterisk.send(ulawPacket(2), legPort, "127.0.0.1"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            AsteriskMediaLeg.LegStats stats;
            while ((stats = on(context, leg::stats)).packetsIn() + stats.foreignIn() < 2 && System.nanoTime() < deadline) Thread.sleep(5);

            assertThat(stats.foreignIn()).as("the stranger's packet: %s", stats).isEqualTo(1);
            assertThat(stats.packetsIn()).as("Asterisk's packet: %s", stats).isEqualTo(1);
            assertThat(frames.get()).isEqualTo(1);
            on(context, () -> {
                leg.close();
                return null;
            });
        } finally {
            await(vertx.close());
        }
    }
}
