package org.tgari.voip.net;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Closeable;
import io.vertx.core.Completable;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.shareddata.Shareable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.tgari.media.clock.TickGrid;
import org.tgari.voip.log.CallLogger;
import org.tgari.voip.log.LogContext;

/**
 * Drains every {@link UdpSocket} of one event loop at every {@link TickGrid} step, on one scheduled task:
 * the loop wakes 50 times a second whatever the number of calls on it, instead of once per datagram.
 * The sockets sit in a selector of their own that only this task asks, never blocking: one system call
 * tells which sockets have something, and only those are read, one datagram each per round (level
 * triggered, so a socket with more is named again in the next round). A socket with nothing to read then
 * costs nothing, where reading every socket until it was empty cost a failed read per socket per poll.
 * One poller per event loop, found through the Vert.x instance's shared local data (so it lives and dies
 * with that instance, and nothing is static). Everything here runs on its loop.
 */
final class SocketPoller {

    /** Rounds per poll: a socket gives at most this many datagrams per poll, so a busy one cannot stall a loop. */
    static final int MAX_ROUNDS = 64;
    /**
     * The poll step while a call on the loop sets up. A set-up is some ten datagram hops one after the
     * other (ICE check, answer, nomination, two DTLS round trips); waiting up to a grid step at each cost
     * a call about 100 ms of silence. Only for the few hundred milliseconds of a set-up, so the loop's
     * wake-ups stay those of the media grid.
     */
    static final long FAST_STEP_NANOS = 2_000_000;

    private final EventLoop loop;
    private final Consumer<SelectionKey> readOne = key -> ((UdpSocket) key.attachment()).readOne();
    private volatile Selector selector;
    private int count;
    private int fastSockets;
    private ScheduledFuture<?> fastTask;
    private boolean polling;
    private long selectFailures;
    private ScheduledFuture<?> task;

    private SocketPoller(EventLoop loop) {
        this.loop = loop;
    }

    /**
     * The pollers of one Vert.x instance, one per event loop. Closing the instance closes the sockets
     * still open in them (their owners should have, but a socket must not outlive its Vert.x).
     */
    private static final class PerLoop implements Shareable, Closeable {
        final Map<EventLoop, SocketPoller> pollers = new ConcurrentHashMap<>();

        @Override
        public void close(Completable<Void> completion) {
            pollers.values().forEach(SocketPoller::shutDown);
            completion.succeed();
        }
    }

    static SocketPoller of(ContextInternal context) {
        PerLoop perLoop = context.owner().sharedData().<String, PerLoop>getLocalMap(SocketPoller.class.getName())
                .computeIfAbsent("pollers", k -> {
                    var created = new PerLoop();
                    context.owner().addCloseHook(created);
                    return created;
                });
        return perLoop.pollers.computeIfAbsent(context.nettyEventLoop(), SocketPoller::new);
    }

    /** Closes every socket left and the selector; on the loop while it runs, else here (it has stopped). */
    private void shutDown() {
        if (!loop.inEventLoop() && !loop.isShuttingDown()) {
            try {
                loop.submit(this::shutDown).syncUninterruptibly();
                return;
            } catch (RuntimeException loopGone) {
                // stopped meanwhile: nothing runs on it any more, so it is safe to go on from here
            }
        }
        Selector sel = selector;
        if (sel == null) return;
        stopTasks();
        for (SelectionKey key : java.util.List.copyOf(sel.keys())) ((UdpSocket) key.attachment()).closeChannel();
        count = 0;
        closeSelectorIfIdle();
    }

    /** On the loop's thread: the socket is polled from now on. */
    void add(UdpSocket s, DatagramChannel channel) throws IOException {
        if (selector == null) selector = Selector.open();
        try {
            channel.register(selector, SelectionKey.OP_READ, s);
        } catch (IOException | RuntimeException e) {
            closeSelectorIfIdle();
            throw e;
        }
        count++;
        // Every step: a datagram waits at most one media frame in the kernel, and polls share the media
        // ticks' wake-ups. (Polls were every 10 ms for a while: at 20 ms ICE answers arrived after the next
        // check had replaced their transaction, which stalled set-up; answers now count whatever came after.)
        if (task == null) task = TickGrid.schedule(loop, TickGrid.STEP_NANOS, this::poll);
    }

    /**
     * From any thread, after the socket's channel was closed: the poll that follows releases it (the JDK
     * frees a registered channel's descriptor at the selector's next selection), and the last one closes
     * the selector and stops the task.
     */
    void remove(UdpSocket s) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> remove(s));
            return;
        }
        count--;
        if (count == 0) {
            stopTasks();
            if (!polling) closeSelectorIfIdle(); // else once the poll is over: a selector cannot close under its own selection
        }
    }

    /**
     * On the loop's thread: one more (or one less) socket of a call that is setting up; while there is
     * one, the loop's sockets are polled every {@link #FAST_STEP_NANOS} as well as on the grid. From
     * another thread (a socket closed elsewhere) it goes to the loop.
     */
    void pollFast(boolean on) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> pollFast(on));
            return;
        }
        fastSockets = Math.max(0, fastSockets + (on ? 1 : -1));
        if (fastSockets > 0 && fastTask == null && count > 0) {
            fastTask = loop.scheduleAtFixedRate(this::poll, FAST_STEP_NANOS, FAST_STEP_NANOS, TimeUnit.NANOSECONDS);
        } else if (fastSockets == 0 && fastTask != null) {
            fastTask.cancel(false);
            fastTask = null;
        }
    }

    private void stopTasks() {
        if (task != null) task.cancel(false);
        if (fastTask != null) fastTask.cancel(false);
        task = fastTask = null;
        fastSockets = 0;
    }

    /** True while the loop's sockets are polled at the set-up step. */
    boolean pollingFast() {
        return fastTask != null;
    }

    private void closeSelectorIfIdle() {
        if (count > 0 || selector == null) return;
        try {
            selector.close(); // deregisters what is left, which completes the closing of those channels
        } catch (IOException ignored) {
            // nothing else to release
        }
        selector = null;
    }

    private void poll() {
        Selector sel = selector;
        if (sel == null || !sel.isOpen()) return;
        polling = true;
        try {
            for (int round = 0; round < MAX_ROUNDS; round++) {
                if (sel.selectNow(readOne) == 0) break;
            }
        } catch (IOException | UncheckedIOException | ClosedSelectorException e) {
            // The calls on this loop then hear nothing, and their engines fail them for lost consent.
            if (selectFailures++ == 0) warnEachCall(e);
        } finally {
            polling = false;
            closeSelectorIfIdle();
        }
    }

    /**
     * The failure, once for each call with a socket here, in that call's own log context: this loop
     * serves many calls, and each call's log has to say why it went deaf. On the loop.
     */
    void warnEachCall(Exception e) {
        Set<LogContext> calls = new LinkedHashSet<>();
        Selector sel = selector;
        try {
            if (sel != null) for (SelectionKey key : sel.keys()) calls.add(((UdpSocket) key.attachment()).logContext());
        } catch (ClosedSelectorException closed) {
            // its sockets cannot be told apart any more: one line for all of them below
        }
        if (calls.isEmpty()) calls.add(LogContext.NONE);
        for (LogContext call : calls) {
            CallLogger.of(SocketPoller.class, call).warn("call {}: polling the UDP sockets of its event loop failed: {}",
                    call.name().isEmpty() ? "-" : call.name(), e.toString());
        }
    }

    /** Sockets this poller drains now. */
    int sockets() {
        return count;
    }
}
