package org.tgari.gateway.media;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.net.InetAddress;
import java.util.concurrent.ThreadLocalRandom;
import org.tgari.logging.CallLog;
import org.tgari.ari.AriClient.ExternalMediaChannel;
import org.tgari.ari.AriClient.ExternalMediaRequest;
import org.tgari.config.GatewayConfig.RtpFormat;
import org.tgari.media.codec.G711;
import org.tgari.media.codec.Pcm;
import org.tgari.media.rtp.RtpPacket;
import org.tgari.media.rtp.RtpSender;

/**
 * ExternalMedia over RTP/UDP. Asterisk accepts audio back only with a static payload type (ulaw 0,
 * alaw 8, slin 10), only at the port it announced in UNICASTRTP_LOCAL_PORT, and (strict RTP) only from
 * the socket it sends to, so one socket does both directions. We are as strict: audio is taken only
 * from the address and port Asterisk announced, which is where it sends from; anything else on the
 * port (a scan, a stale call's stream, an injection) is dropped and counted.
 */
public final class RtpMediaLeg implements AsteriskMediaLeg {

    private final CallLog log;

    private final Vertx vertx;
    private final RtpFormat format;
    private final String bindHost;
    private final String fallbackAsteriskHost;
    private final RtpPacket rx = new RtpPacket();
    private final short[] rxPcm;
    private final byte[] txPayload;
    private final byte[] txPacket;
    private RtpSender sender;
    private DatagramSocket socket;
    private String remoteHost;
    private InetAddress pinnedAddress;
    private String pinnedHost;
    private int remotePort = -1;
    private PcmSink sink;
    private long packetsIn, packetsOut, malformedIn, foreignIn, droppedOut;
    private boolean closed;

    public RtpMediaLeg(Vertx vertx, RtpFormat format, String bindHost, String asteriskHost, CallLog callLog) {
        this.log = callLog.forClass(RtpMediaLeg.class);
        this.vertx = vertx;
        this.format = format;
        this.bindHost = bindHost;
        this.fallbackAsteriskHost = asteriskHost;
        int samples = format.sampleRate() / 50;
        this.rxPcm = new short[samples];
        this.txPayload = new byte[samples * format.bytesPerSample()];
        this.txPacket = new byte[12 + txPayload.length];
    }

    @Override
    public int sampleRate() {
        return format.sampleRate();
    }

    @Override
    public Future<ExternalMediaRequest> prepare(String app, String channelId) {
        socket = vertx.createDatagramSocket(new DatagramSocketOptions().setIpV6(bindHost.contains(":")));
        return socket.listen(0, bindHost).map(s -> {
            int port = s.localAddress().port();
            String host = bindHost.contains(":") ? "[" + bindHost + "]" : bindHost;
            return new ExternalMediaRequest(app, channelId, "udp", "rtp", null, host + ":" + port, format.asteriskName());
        });
    }

    @Override
    public Future<Void> attach(ExternalMediaChannel channel, PcmSink sink) {
        String port = channel.channelVars().get("UNICASTRTP_LOCAL_PORT");
        String addr = channel.channelVars().get("UNICASTRTP_LOCAL_ADDRESS");
        if (port == null) return Future.failedFuture("Asterisk did not report UNICASTRTP_LOCAL_PORT for " + channel.id());
        try {
            remotePort = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            return Future.failedFuture("bad UNICASTRTP_LOCAL_PORT '" + port + "'");
        }
        // Asterisk bound to a wildcard reports 0.0.0.0; it then answers on the address we reach ARI at.
        remoteHost = addr == null || addr.isEmpty() || addr.equals("0.0.0.0") || addr.equals("::") ? fallbackAsteriskHost : addr;
        this.sink = sink;
        var rnd = ThreadLocalRandom.current();
        sender = new RtpSender(rnd.nextLong(1L << 32), format.payloadType(), rnd.nextInt(1 << 16), rnd.nextLong(1L << 32));
        socket.handler(this::onPacket);
        pinnedAddress = literal(remoteHost); // once per call, not per packet
        pinnedHost = pinnedAddress == null ? null : pinnedAddress.getHostAddress();
        log.debug("RTP leg {} <-> {}:{}", socket.localAddress(), remoteHost, remotePort);
        return Future.succeededFuture();
    }

    private void onPacket(DatagramPacket p) {
        if (closed) return;
        if (!fromAsterisk(p)) {
            foreignIn++;
            return;
        }
        byte[] data = p.data().getBytes();
        if (!rx.wrap(data, 0, data.length) || rx.payloadLength() != txPayload.length) {
            malformedIn++;
            return;
        }
        packetsIn++;
        int off = rx.payloadOffset();
        int n = rxPcm.length;
        switch (format) {
            case ULAW -> G711.ulawToLinear(data, off, n, rxPcm, 0);
            case ALAW -> G711.alawToLinear(data, off, n, rxPcm, 0);
            case SLIN -> Pcm.bigEndianToShorts(data, off, n, rxPcm, 0);
        }
        sink.frame(rx.sequence(), rxPcm, 0);
    }

    private boolean fromAsterisk(DatagramPacket p) {
        var from = p.sender();
        if (from == null || from.port() != remotePort) return false;
        // a host name (the ARI URL's, when Asterisk reported a wildcard) cannot be compared without a lookup
        return pinnedAddress == null || pinnedHost.equals(from.host()) || pinnedAddress.equals(literal(from.host()));
    }

    /** The address an IP literal names, or null for a host name. */
    private static InetAddress literal(String host) {
        try {
            return InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException notALiteral) {
            return null;
        }
    }

    @Override
    public void send(short[] pcm, int off) {
        if (closed || remotePort < 0) {
            droppedOut++;
            return;
        }
        int n = rxPcm.length;
        switch (format) {
            case ULAW -> G711.linearToUlaw(pcm, off, n, txPayload, 0);
            case ALAW -> G711.linearToAlaw(pcm, off, n, txPayload, 0);
            case SLIN -> Pcm.shortsToBigEndian(pcm, off, n, txPayload, 0);
        }
        int h = sender.writeHeader(txPacket, 0, n, false);
        System.arraycopy(txPayload, 0, txPacket, h, txPayload.length);
        // Vert.x keeps the buffer until the datagram is written, so it cannot be our reused array.
        socket.send(Buffer.buffer(txPacket.clone()), remotePort, remoteHost);
        packetsOut++;
    }

    @Override
    public LegStats stats() {
        return new LegStats(packetsIn, packetsOut, malformedIn, foreignIn, droppedOut);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (socket != null) socket.close();
    }
}
