package org.tgari.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import org.tgari.media.codec.G711;
import org.tgari.media.rtp.RtpPacket;
import org.tgari.media.rtp.RtpSender;

/**
 * Stands in for Asterisk's side of one RTP ExternalMedia channel in the benchmark: sends ulaw every
 * 20 ms (silence with a 1 kHz burst once a second) and measures what comes back: inter-arrival
 * lateness and the delay until each burst returns.
 */
final class FakeAsteriskEndpoint {

    private static final int FRAME = 160;
    private static final long BURST_PERIOD_FRAMES = 50;
    private static final long BURST_FRAMES = 5;
    private static final double ONSET_RMS = 1500;

    private final Vertx vertx;
    private final RtpSender sender = new RtpSender(0x1234L, 0, 1, 0);
    private final RtpPacket rx = new RtpPacket();
    private final short[] pcm = new short[FRAME];
    private final byte[] packet = new byte[12 + FRAME];
    private final short[] rxPcm = new short[FRAME];
    private DatagramSocket socket;
    private int targetPort = -1;
    private long frameNo;
    private long timer = -1;
    private long lastBurstSentNanos;
    private boolean awaitingBurst;
    private long lastArrivalNanos;

    final LatencyStats latency = new LatencyStats();
    long packetsIn;
    long lateArrivals;

    FakeAsteriskEndpoint(Vertx vertx) {
        this.vertx = vertx;
    }

    Future<Integer> bind() {
        socket = vertx.createDatagramSocket();
        socket.handler(this::onPacket);
        return socket.listen(0, "127.0.0.1").map(s -> s.localAddress().port());
    }

    void startSending(int port) {
        targetPort = port;
        timer = vertx.setPeriodic(20, id -> sendFrame());
    }

    private void sendFrame() {
        long inPeriod = frameNo % BURST_PERIOD_FRAMES;
        boolean burst = inPeriod < BURST_FRAMES && frameNo >= BURST_PERIOD_FRAMES;
        for (int i = 0; i < FRAME; i++) {
            pcm[i] = burst ? (short) (8000 * Math.sin(2 * Math.PI * 1000 * (frameNo * FRAME + i) / 8000.0)) : 0;
        }
        if (burst && inPeriod == 0) {
            lastBurstSentNanos = System.nanoTime();
            awaitingBurst = true;
        }
        G711.linearToUlaw(pcm, 0, FRAME, packet, 12);
        sender.writeHeader(packet, 0, FRAME, false);
        socket.send(Buffer.buffer(packet.clone()), targetPort, "127.0.0.1");
        frameNo++;
    }

    private void onPacket(DatagramPacket p) {
        long now = System.nanoTime();
        byte[] d = p.data().getBytes();
        if (!rx.wrap(d, 0, d.length) || rx.payloadLength() != FRAME) return;
        packetsIn++;
        if (lastArrivalNanos != 0 && now - lastArrivalNanos > 30_000_000L) lateArrivals++;
        lastArrivalNanos = now;
        if (!awaitingBurst) return;
        G711.ulawToLinear(d, rx.payloadOffset(), FRAME, rxPcm, 0);
        double sum = 0;
        for (short s : rxPcm) sum += (double) s * s;
        if (Math.sqrt(sum / FRAME) > ONSET_RMS) {
            awaitingBurst = false;
            latency.add((now - lastBurstSentNanos) / 1_000_000.0);
        }
    }

    void close() {
        if (timer >= 0) vertx.cancelTimer(timer);
        if (socket != null) socket.close();
    }

    /** Round-trip delays of the bursts, in ms. */
    static final class LatencyStats {
        private final java.util.List<Double> samples = new java.util.ArrayList<>();

        synchronized void add(double ms) { samples.add(ms); }

        synchronized java.util.List<Double> snapshot() { return java.util.List.copyOf(samples); }
    }
}
