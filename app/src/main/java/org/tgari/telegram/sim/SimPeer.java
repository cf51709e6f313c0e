package org.tgari.telegram.sim;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.net.SocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import org.tgari.media.audio.ToneGenerator;
import org.tgari.media.codec.OpusFrameEncoder;
import org.tgari.media.codec.OpusSettings;
import org.tgari.media.jitter.OpusJitterBuffer;
import org.tgari.media.rtp.RtpPacket;
import org.tgari.media.rtp.RtpSender;

/**
 * The far end of a simulated Telegram call: a separate party on its own context with its own socket,
 * which really decodes and encodes Opus. {@code @echo} plays back what it hears (after its jitter
 * buffer); {@code @tone} sends a 1 kHz tone. It answers to whoever sends to it (symmetric RTP).
 */
final class SimPeer extends VerticleBase {

    static final int RATE = 16000;
    static final double TONE_HZ = 1000.0;
    static final double TONE_DBFS = -12.0;

    private final SimUser.Behaviour behaviour;
    private final RtpPacket rx = new RtpPacket();
    private final short[] pcm = new short[RATE / 50];
    private final byte[] opus = new byte[1275];
    private final byte[] tx = new byte[SimRtp.MAX_PACKET];
    private OpusJitterBuffer jitter;
    private OpusFrameEncoder encoder;
    private ToneGenerator tone;
    private RtpSender sender;
    private DatagramSocket socket;
    private SocketAddress remote;
    private long timer = -1;

    SimPeer(SimUser.Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    /** The UDP port the gateway sends to; valid once deployed. */
    int port() {
        return socket.localAddress().port();
    }

    @Override
    public Future<?> start() {
        jitter = new OpusJitterBuffer(RATE, 40, 300);
        encoder = new OpusFrameEncoder(RATE, OpusSettings.defaults());
        tone = new ToneGenerator(RATE, TONE_HZ, TONE_DBFS);
        var rnd = ThreadLocalRandom.current();
        sender = new RtpSender(rnd.nextLong(1L << 32), SimRtp.OPUS_PAYLOAD_TYPE, rnd.nextInt(1 << 16), rnd.nextLong(1L << 32));
        socket = vertx.createDatagramSocket();
        socket.handler(this::onPacket);
        return socket.listen(0, "127.0.0.1").onSuccess(s -> timer = vertx.setPeriodic(20, id -> tick()));
    }

    private void onPacket(DatagramPacket p) {
        byte[] data = p.data().getBytes();
        if (!rx.wrap(data, 0, data.length) || rx.payloadType() != SimRtp.OPUS_PAYLOAD_TYPE) return;
        remote = p.sender();
        jitter.offer(rx.sequence(), rx.timestamp(), data, rx.payloadOffset(), rx.payloadLength());
    }

    private void tick() {
        if (behaviour == SimUser.Behaviour.TONE) {
            tone.next(pcm, 0, pcm.length);
        } else {
            jitter.pull(pcm, 0);
        }
        if (remote == null) return;
        int n = encoder.encode(pcm, 0, opus, 0, opus.length);
        if (n <= 0) return;
        int h = sender.writeHeader(tx, 0, 960, false);
        System.arraycopy(opus, 0, tx, h, n);
        socket.send(Buffer.buffer(java.util.Arrays.copyOf(tx, h + n)), remote.port(), remote.host());
    }

    @Override
    public Future<?> stop() {
        if (timer >= 0) vertx.cancelTimer(timer);
        return socket == null ? Future.succeededFuture() : socket.close();
    }
}
