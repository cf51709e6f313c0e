package org.tgari.telegram.tdlib;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All TDLib clients of the process behind one {@code td_receive} loop thread (client ids multiplex).
 * Requests carry an {@code @extra} and complete a future; updates go, in order, to the listener of
 * the client they belong to, each client on its own serial executor so one slow line cannot hold up
 * the others. TDLib forbids concurrent td_receive calls, so a process has exactly one of these.
 */
public final class TdJsonClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TdJsonClient.class);

    private final TdJsonLibrary lib;
    private final ObjectMapper mapper = new ObjectMapper();
    private final AtomicLong extras = new AtomicLong();
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Map<Integer, Registration> clients = new ConcurrentHashMap<>();
    private final Map<Integer, CompletableFuture<Void>> closing = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread loop;

    private record Registration(Consumer<JsonNode> listener, ExecutorService executor) {}

    public TdJsonClient(TdJsonLibrary lib) {
        this.lib = lib;
    }

    public synchronized void start() {
        if (running) return;
        running = true;
        loop = Thread.ofPlatform().name("tdjson-receive").daemon().start(this::receiveLoop);
    }

    /** Creates a TDLib client; its updates go to {@code updates}, in order, on its own thread. */
    public int newClient(Consumer<JsonNode> updates) {
        int id = lib.createClientId();
        clients.put(id, new Registration(updates, Executors.newSingleThreadExecutor(Thread.ofVirtual().name("tdlib-client-" + id).factory())));
        return id;
    }

    /** Sends a request; the future completes with the answer, or exceptionally with a {@link TdError}. */
    public CompletableFuture<JsonNode> send(int clientId, ObjectNode request) {
        String extra = Long.toString(extras.incrementAndGet());
        var f = new CompletableFuture<JsonNode>();
        pending.put(extra, f);
        request.put("@extra", extra);
        lib.send(clientId, request.toString());
        return f;
    }

    /** Synchronous requests that need no network (td_execute). */
    public JsonNode execute(ObjectNode request) {
        String out = lib.execute(request.toString());
        try {
            return out == null ? null : mapper.readTree(out);
        } catch (Exception e) {
            throw new IllegalStateException("TDLib answered td_execute with unreadable JSON", e);
        }
    }

    public ObjectNode request(String type) {
        return mapper.createObjectNode().put("@type", type);
    }

    private void receiveLoop() {
        while (running) {
            String json;
            try {
                json = lib.receive(1.0);
            } catch (RuntimeException e) {
                log.error("td_receive failed; stopping the TDLib loop", e);
                break;
            }
            if (json == null) continue;
            JsonNode n;
            try {
                n = mapper.readTree(json);
            } catch (Exception e) {
                log.warn("unreadable JSON from TDLib dropped: {}", e.getMessage());
                continue;
            }
            dispatch(n);
        }
    }

    private void dispatch(JsonNode n) {
        JsonNode extra = n.get("@extra");
        if (extra != null) {
            var f = pending.remove(extra.asText());
            if (f != null) {
                if ("error".equals(n.path("@type").asText())) f.completeExceptionally(new TdError(n.path("code").asInt(), n.path("message").asText()));
                else f.complete(n);
                return;
            }
        }
        int clientId = n.path("@client_id").asInt(-1);
        Registration r = clients.get(clientId);
        if (r != null) {
            try {
                r.executor().execute(() -> {
                    try {
                        r.listener().accept(n);
                    } catch (RuntimeException e) {
                        log.warn("TDLib update handler of client {} failed: {}", clientId, e.toString());
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the client is being closed
            }
        }
        if ("updateAuthorizationState".equals(n.path("@type").asText())
                && "authorizationStateClosed".equals(n.path("authorization_state").path("@type").asText())) {
            var done = closing.remove(clientId);
            Registration gone = clients.remove(clientId);
            if (gone != null) gone.executor().shutdown();
            if (done != null) done.complete(null);
        }
    }

    /** Closes one client: TDLib saves its state and frees it; waits up to {@code timeout}. */
    public void closeClient(int clientId, Duration timeout) {
        var done = closing.computeIfAbsent(clientId, k -> new CompletableFuture<>());
        lib.send(clientId, request("close").toString());
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("TDLib client {} did not report closed within {} ms", clientId, timeout.toMillis());
            Registration r = clients.remove(clientId);
            if (r != null) r.executor().shutdownNow();
        }
    }

    public int clientCount() {
        return clients.size();
    }

    /** Closes every client, then stops the receive loop and waits for its thread. */
    @Override
    public void close() {
        for (Integer id : clients.keySet()) closeClient(id, Duration.ofSeconds(10));
        running = false;
        Thread t = loop;
        if (t != null) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("TDLib client closed")));
        pending.clear();
    }
}
