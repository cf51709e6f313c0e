package org.tgari.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Every ARI event of an Asterisk, seen by an observer app of its own ({@code subscribeAll}): what
 * Asterisk did to a call (playbacks, hang-ups), independent of what tgari reports. The events are kept
 * in arrival order; tests read them or wait for one.
 */
public final class AriEventLog implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    // Asterisk's event timestamps, e.g. 2026-12-05T12:00:00.123+0000
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    /** One event: its type, Asterisk's timestamp and the whole JSON. */
    public record Event(String type, OffsetDateTime at, JsonNode json) {
        /** The playback's media (e.g. {@code sound:goodbye}) of a playback event, else "". */
        public String media() {
            return json.path("playback").path("media_uri").asText("");
        }

        /** What a playback event plays to ({@code channel:<id>}, {@code bridge:<id>}), else "". */
        public String playbackTarget() {
            return json.path("playback").path("target_uri").asText("");
        }

        /** The channel of a channel event, else "". */
        public String channelId() {
            return json.path("channel").path("id").asText("");
        }
    }

    private final List<Event> events = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;

    private AriEventLog() {
    }

    /** Connects as app {@code app} subscribed to everything, waiting at most 10 s for the connection. */
    public static AriEventLog connect(AsteriskInstance asterisk, String app) throws Exception {
        String base = asterisk.ariBaseUrl().replaceFirst("^http", "ws");
        String key = URLEncoder.encode(asterisk.ariUser() + ":" + asterisk.ariPassword(), StandardCharsets.UTF_8);
        URI uri = URI.create(base + "/ari/events?app=" + app + "&subscribeAll=true&api_key=" + key);
        AriEventLog log = new AriEventLog();
        log.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, log.new Receiver()).get(10, TimeUnit.SECONDS);
        return log;
    }

    /** Joins a message's frames (the listener's calls are serial) and keeps it as an event. */
    private final class Receiver implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                add(partial.toString());
                partial.setLength(0);
            }
            w.request(1);
            return null;
        }
    }

    private void add(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            String ts = node.path("timestamp").asText("");
            OffsetDateTime at = ts.isEmpty() ? null : OffsetDateTime.parse(ts, TIMESTAMP);
            synchronized (events) {
                events.add(new Event(node.path("type").asText(""), at, node));
                events.notifyAll();
            }
        } catch (IOException | RuntimeException e) {
            // not an event we can read; the tests only look at events they can
        }
    }

    /** The events so far, in arrival order. */
    public List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Waits for an event matching {@code which}; fails naming the event types seen when none comes in time. */
    public Event await(String what, Duration timeout, Predicate<Event> which) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (true) {
                for (Event e : events) {
                    if (which.test(e)) return e;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no ARI event for: " + what + " within " + timeout + "; seen "
                            + events.stream().map(Event::type).toList());
                }
                events.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    @Override
    public void close() {
        WebSocket ws = socket;
        if (ws == null) return;
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
        ws.abort();
    }
}
