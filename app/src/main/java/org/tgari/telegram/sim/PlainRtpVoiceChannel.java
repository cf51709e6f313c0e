package org.tgari.telegram.sim;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import java.util.concurrent.ThreadLocalRandom;
import org.tgari.media.rtp.RtpPacket;
import org.tgari.media.rtp.RtpSender;
import org.tgari.telegram.VoiceChannel;
import org.tgari.telegram.VoiceStats;

/**
 * The gateway's half of a simulated call's audio: Opus in plain RTP over loopback UDP to a
 * {@link SimPeer}. Binds when started, on the caller's context, so packets arrive on that thread.
 */
final class PlainRtpVoiceChannel implements VoiceChannel {

    private final Vertx vertx;
    private final String peerHost;
    private final int peerPort;
    private final Runnable onClose;
    private final RtpPacket rx = new RtpPacket();
    private final byte[] tx = new byte[SimRtp.MAX_PACKET];
    private final RtpSender sender;
    private DatagramSocket socket;
    private boolean bound;
    private volatile boolean closed;
    private volatile long packetsIn, packetsOut, malformedIn;

    PlainRtpVoiceChannel(Vertx vertx, String peerHost, int peerPort, Runnable onClose) {
        this.vertx = vertx;
        this.peerHost = peerHost;
        this.peerPort = peerPort;
        this.onClose = onClose;
        var rnd = ThreadLocalRandom.current();
        this.sender = new RtpSender(rnd.nextLong(1L << 32), SimRtp.OPUS_PAYLOAD_TYPE, rnd.nextInt(1 << 16), rnd.nextLong(1L << 32));
    }

    @Override
    public void start(OpusSink sink) {
        socket = vertx.createDatagramSocket();
        socket.handler((DatagramPacket p) -> {
            byte[] data = p.data().getBytes();
            if (!rx.wrap(data, 0, data.length) || rx.payloadType() != SimRtp.OPUS_PAYLOAD_TYPE || rx.payloadLength() == 0) {
                malformedIn++;
                return;
            }
            packetsIn++;
            sink.opus(rx.sequence(), rx.timestamp(), data, rx.payloadOffset(), rx.payloadLength());
        });
        socket.listen(0, "127.0.0.1").onSuccess(s -> {
            bound = true;
            if (closed) s.close();
        });
    }

    @Override
    public void sendOpus(byte[] buf, int off, int len, int samples48k) {
        if (closed || !bound || 12 + len > tx.length) return;
        int h = sender.writeHeader(tx, 0, samples48k, false);
        System.arraycopy(buf, off, tx, h, len);
        socket.send(Buffer.buffer(java.util.Arrays.copyOf(tx, h + len)), peerPort, peerHost);
        packetsOut++;
    }

    @Override
    public VoiceStats stats() {
        return new VoiceStats(packetsIn, packetsOut, malformedIn);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (socket != null) socket.close();
        onClose.run();
    }
}
