package org.tgari.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ctrl_tcp connection to one baresip: commands go out as netstring JSON, and a reader thread sorts
 * what comes back into an event queue and a response queue, which callers wait on with timeouts.
 */
final class BaresipControl implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<BaresipMessage.Event> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<BaresipMessage.Response> responses = new LinkedBlockingQueue<>();
    private final AtomicLong tokens = new AtomicLong();
    private final Thread reader;
    private volatile String readerFailure;

    BaresipControl(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        reader = Thread.ofVirtual().name("baresip-ctrl-" + port).start(() -> readLoop(in));
    }

    private void readLoop(InputStream in) {
        try {
            for (Optional<String> frame = Netstring.read(in); frame.isPresent(); frame = Netstring.read(in)) {
                switch (BaresipMessage.parse(frame.get())) {
                    case BaresipMessage.Event event -> events.add(event);
                    case BaresipMessage.Response response -> responses.add(response);
                    case BaresipMessage.Rejected rejected -> readerFailure = rejected.reason();
                }
            }
        } catch (IOException e) {
            if (!socket.isClosed()) {
                readerFailure = e.getMessage();
            }
        }
    }

    /** Sends a command and waits for its response. */
    synchronized BaresipMessage.Response command(String command, String params, Duration timeout) {
        String token = "t" + tokens.incrementAndGet();
        Map<String, String> message = params == null
                ? Map.of("command", command, "token", token)
                : Map.of("command", command, "params", params, "token", token);
        try {
            out.write(Netstring.encode(BaresipMessage.JSON.writeValueAsString(message)));
            out.flush();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                BaresipMessage.Response response = responses.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (response == null) {
                    throw new IllegalStateException("baresip did not answer '" + command + "' within " + timeout + failureNote());
                }
                if (response.token().equals(token)) {
                    return response;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send '" + command + "' to baresip", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for baresip", e);
        }
    }

    /** The next event, waiting at most {@code timeout}. */
    Optional<BaresipMessage.Event> nextEvent(Duration timeout) {
        try {
            return Optional.ofNullable(events.poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Forgets events of earlier calls. */
    void discardEvents() {
        events.clear();
    }

    private String failureNote() {
        String failure = readerFailure;
        return failure == null ? "" : " (control connection: " + failure + ")";
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
