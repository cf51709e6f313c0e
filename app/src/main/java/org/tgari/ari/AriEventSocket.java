package org.tgari.ari;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads ARI's events websocket on one Vert.x context, so events reach the listener in the order
 * Asterisk sent them (ari4java's own reader spreads them over three threads). Reconnects by itself
 * with a capped backoff when Asterisk goes away.
 */
public final class AriEventSocket implements AutoCloseable {

    /** Called on the socket's context, in order. */
    public interface Listener {
        void connected();

        void disconnected(String reason);

        void event(AriEvent event);
    }

    private static final Logger log = LoggerFactory.getLogger(AriEventSocket.class);

    private final Vertx vertx;
    private final Context context;
    private final WebSocketClient client;
    private final WebSocketConnectOptions connectOptions;
    private final String target;
    private final Duration reconnectMax;
    private final Listener listener;
    private final AriEventParser parser = new AriEventParser();

    private WebSocket socket;
    private long reconnectTimer = -1;
    private long backoffMs = 500;
    private boolean closed;
    private volatile boolean connected;
    private long unreadable;

    public AriEventSocket(Vertx vertx, URI ariUrl, String user, String password, String app, Duration reconnectMax, Listener listener) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20).setMaxMessageSize(4 << 20));
        boolean tls = "https".equals(ariUrl.getScheme());
        int port = ariUrl.getPort() > 0 ? ariUrl.getPort() : (tls ? 443 : 80);
        String base = ariUrl.getPath() == null || ariUrl.getPath().isEmpty() || ariUrl.getPath().equals("/") ? "" : ariUrl.getPath().replaceAll("/$", "");
        String uri = base + "/ari/events?app=" + enc(app) + "&api_key=" + enc(user + ":" + password) + "&subscribeAll=false";
        this.connectOptions = new WebSocketConnectOptions().setHost(ariUrl.getHost()).setPort(port).setSsl(tls).setURI(uri);
        this.target = ariUrl.getHost() + ":" + port + base + "/ari/events?app=" + app;
        this.reconnectMax = reconnectMax;
        this.listener = listener;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public void start() {
        context.runOnContext(v -> connect());
    }

    public boolean isConnected() {
        return connected;
    }

    /** Events whose JSON could not be read since start. */
    public long unreadableEvents() {
        return unreadable;
    }

    private void connect() {
        if (closed) return;
        client.connect(connectOptions).onComplete(ar -> {
            if (closed) {
                if (ar.succeeded()) ar.result().close();
                return;
            }
            if (ar.failed()) {
                log.warn("ARI events websocket {}: connect failed: {}", target, ar.cause().getMessage());
                scheduleReconnect();
                return;
            }
            socket = ar.result();
            backoffMs = 500;
            connected = true;
            log.info("ARI events websocket connected: {}", target);
            socket.textMessageHandler(this::onText);
            socket.closeHandler(v -> onClosed("closed by Asterisk"));
            socket.exceptionHandler(t -> log.warn("ARI events websocket error: {}", t.getMessage()));
            listener.connected();
        });
    }

    private void onText(String text) {
        var event = parser.parse(text);
        if (event.isEmpty()) {
            unreadable++;
            log.warn("unreadable ARI event dropped: {}", text.length() > 200 ? text.substring(0, 200) + "..." : text);
            return;
        }
        listener.event(event.get());
    }

    private void onClosed(String reason) {
        socket = null;
        if (!connected) return;
        connected = false;
        log.warn("ARI events websocket lost ({}); reconnecting", reason);
        listener.disconnected(reason);
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (closed) return;
        long delay = backoffMs;
        backoffMs = Math.min(backoffMs * 2, Math.max(500, reconnectMax.toMillis()));
        reconnectTimer = vertx.setTimer(delay, id -> {
            reconnectTimer = -1;
            connect();
        });
    }

    @Override
    public void close() {
        context.runOnContext(v -> {
            closed = true;
            connected = false;
            if (reconnectTimer >= 0) vertx.cancelTimer(reconnectTimer);
            if (socket != null) socket.close();
            client.close();
        });
    }
}
