package org.tgari.voip.ice;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.shareddata.Shareable;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.tgari.media.clock.TickGrid;

/**
 * Drains every {@link UdpSocket} of one event loop every {@link #INTERVAL_MS} ms, on one scheduled task:
 * the loop wakes 100 times a second whatever the number of calls on it, instead of once per datagram.
 * One poller per event loop, found through the Vert.x instance's shared local data (so it lives and
 * dies with that instance, and nothing is static). Its socket list is touched on its loop only.
 */
final class SocketPoller {

    /**
     * Poll interval: the most a datagram waits in the kernel before the engine sees it. Half a media
     * frame, on the same {@link TickGrid} as the gateway's media clock, so every other poll shares the
     * tick's wake-up. (At a full frame, 20 ms, call set-up stalled for a second and more in about one
     * call out of twenty in tests, for a reason not found yet; at 10 ms it does not.)
     */
    static final long INTERVAL_MS = 10;
    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS);

    private final EventLoop loop;
    private UdpSocket[] sockets = new UdpSocket[16];
    private UdpSocket[] snapshot = new UdpSocket[16];
    private int count;
    private ScheduledFuture<?> task;

    private SocketPoller(EventLoop loop) {
        this.loop = loop;
    }

    /** The pollers of one Vert.x instance, one per event loop. */
    private static final class PerLoop implements Shareable {
        final Map<EventLoop, SocketPoller> pollers = new ConcurrentHashMap<>();
    }

    static SocketPoller of(ContextInternal context) {
        PerLoop perLoop = context.owner().sharedData().<String, PerLoop>getLocalMap(SocketPoller.class.getName())
                .computeIfAbsent("pollers", k -> new PerLoop());
        return perLoop.pollers.computeIfAbsent(context.nettyEventLoop(), SocketPoller::new);
    }

    /** On the loop's thread. */
    void add(UdpSocket s) {
        if (count == sockets.length) sockets = Arrays.copyOf(sockets, count * 2);
        sockets[count++] = s;
        if (task == null) {
            task = TickGrid.schedule(loop, INTERVAL_NANOS, this::poll);
        }
    }

    /** On the loop's thread (closing elsewhere would race with a poll); from another thread it is handed over. */
    void remove(UdpSocket s) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> remove(s));
            return;
        }
        for (int i = 0; i < count; i++) {
            if (sockets[i] == s) {
                System.arraycopy(sockets, i + 1, sockets, i, count - i - 1);
                sockets[--count] = null;
                break;
            }
        }
        if (count == 0 && task != null) {
            task.cancel(false);
            task = null;
        }
    }

    private void poll() {
        // a receiver may close sockets (its own or others') while we go round, so go round a copy
        int n = count;
        if (snapshot.length < n) snapshot = new UdpSocket[sockets.length];
        System.arraycopy(sockets, 0, snapshot, 0, n);
        for (int i = 0; i < n; i++) {
            snapshot[i].poll();
            snapshot[i] = null;
        }
    }

    /** Sockets this poller drains now. */
    int sockets() {
        return count;
    }
}
