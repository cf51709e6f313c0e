package org.tgari.gateway.media;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.tgari.logging.CallLog;
import org.tgari.ari.AriClient.ExternalMediaChannel;
import org.tgari.ari.AriClient.ExternalMediaRequest;
import org.tgari.media.codec.Pcm;

/**
 * ExternalMedia over chan_websocket (Asterisk 22.6+) in server mode: tgari connects to
 * {@code /media/<connection id>} and exchanges slin16, little-endian, in binary frames. Wideband both
 * ways, which RTP ExternalMedia cannot do (it drops dynamic payload types coming back).
 */
public final class WebSocketMediaLeg implements AsteriskMediaLeg {

    private final CallLog log;
    private static final int RATE = 16000;
    private static final int FRAME_BYTES = RATE / 50 * 2;

    private final WebSocketClient client;
    private final URI ariUrl;
    private final String authorization;
    private final short[] rxPcm = new short[RATE / 50];
    private final byte[] rxFrame = new byte[FRAME_BYTES];
    private final byte[] txFrame = new byte[FRAME_BYTES];
    private int rxFill;
    private int rxSequence;
    private WebSocket socket;
    private PcmSink sink;
    private boolean paused;
    private boolean closed;
    private long packetsIn, packetsOut, malformedIn, droppedOut;

    public WebSocketMediaLeg(Vertx vertx, URI ariUrl, String user, String password, CallLog callLog) {
        this.log = callLog.forClass(WebSocketMediaLeg.class);
        this.client = vertx.createWebSocketClient();
        this.ariUrl = ariUrl;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int sampleRate() {
        return RATE;
    }

    @Override
    public Future<ExternalMediaRequest> prepare(String app, String channelId) {
        return Future.succeededFuture(new ExternalMediaRequest(app, channelId, "websocket", "none", "server", null, "slin16"));
    }

    @Override
    public Future<Void> attach(ExternalMediaChannel channel, PcmSink sink) {
        String connectionId = channel.channelVars().get("MEDIA_WEBSOCKET_CONNECTION_ID");
        if (connectionId == null) return Future.failedFuture("Asterisk did not report MEDIA_WEBSOCKET_CONNECTION_ID for " + channel.id());
        this.sink = sink;
        boolean tls = "https".equals(ariUrl.getScheme());
        int port = ariUrl.getPort() > 0 ? ariUrl.getPort() : (tls ? 443 : 80);
        var options = new WebSocketConnectOptions().setHost(ariUrl.getHost()).setPort(port).setSsl(tls)
                .setURI("/media/" + connectionId).addSubProtocol("media").addHeader("Authorization", authorization);
        return client.connect(options).map(ws -> {
            if (closed) {
                ws.close();
                return null;
            }
            socket = ws;
            ws.textMessageHandler(this::onControl);
            ws.binaryMessageHandler(this::onAudio);
            ws.exceptionHandler(t -> log.debug("media websocket error: {}", t.getMessage()));
            return null;
        });
    }

    private void onControl(String text) {
        // MEDIA_START announces the format; XOFF/XON is Asterisk's flow control on its frame queue.
        if (text.startsWith("MEDIA_XOFF")) paused = true;
        else if (text.startsWith("MEDIA_XON")) paused = false;
        else if (text.startsWith("MEDIA_START") && !text.contains("format:slin16")) {
            log.warn("media websocket announced an unexpected format: {}", text);
        }
    }

    private void onAudio(Buffer data) {
        if (closed) return;
        int len = data.length();
        if ((len & 1) != 0) malformedIn++;
        // Asterisk re-frames to optimal_frame_size, but nothing obliges a frame to be exactly 20 ms.
        for (int pos = 0; pos < len; ) {
            int take = Math.min(FRAME_BYTES - rxFill, len - pos);
            data.getBytes(pos, pos + take, rxFrame, rxFill);
            rxFill += take;
            pos += take;
            if (rxFill == FRAME_BYTES) {
                rxFill = 0;
                packetsIn++;
                Pcm.littleEndianToShorts(rxFrame, 0, rxPcm.length, rxPcm, 0);
                sink.frame(rxSequence++ & 0xFFFF, rxPcm, 0);
            }
        }
    }

    @Override
    public void send(short[] pcm, int off) {
        if (closed || socket == null || paused) {
            droppedOut++;
            return;
        }
        Pcm.shortsToLittleEndian(pcm, off, rxPcm.length, txFrame, 0);
        socket.writeBinaryMessage(Buffer.buffer(txFrame.clone()));
        packetsOut++;
    }

    @Override
    public LegStats stats() {
        return new LegStats(packetsIn, packetsOut, malformedIn, 0, droppedOut);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (socket != null) socket.close();
        client.close();
    }
}
