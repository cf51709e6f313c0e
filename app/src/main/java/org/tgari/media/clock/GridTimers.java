package org.tgari.media.clock;

import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.internal.ContextInternal;
import java.util.concurrent.TimeUnit;

/**
 * Timers of one Vert.x context whose deadlines fall on the {@link TickGrid} points every
 * {@link TickGrid#STEP_MS} ms, where the media ticks and the socket polls of its event loop already wake it:
 * they fire in that wake-up instead of one of their own. For work that may run up to one grid step late
 * (keepalives, reports, housekeeping), which is most of what a call does while it is up. Handlers run
 * on the context, as Vert.x timers' do; cancel with {@code cancel(false)} on what is returned.
 */
public final class GridTimers {

    private final ContextInternal context;

    public GridTimers(Context context) {
        this.context = (ContextInternal) context;
    }

    /** Runs {@code task} once, at the first grid point at least {@code delayMs} from now. */
    public ScheduledFuture<?> once(long delayMs, Runnable task) {
        Handler<Void> h = v -> task.run();
        long delay = TickGrid.delayToPointAfter(TimeUnit.MILLISECONDS.toNanos(Math.max(0, delayMs)), TickGrid.STEP_NANOS);
        return context.nettyEventLoop().schedule(() -> context.emit(h), delay, TimeUnit.NANOSECONDS);
    }

    /** Runs {@code task} every {@code periodMs} (rounded up to whole grid steps), on grid points. */
    public ScheduledFuture<?> every(long periodMs, Runnable task) {
        Handler<Void> h = v -> task.run();
        long steps = Math.max(1, (TimeUnit.MILLISECONDS.toNanos(periodMs) + TickGrid.STEP_NANOS - 1) / TickGrid.STEP_NANOS);
        long period = steps * TickGrid.STEP_NANOS;
        long first = TickGrid.delayToPointAfter(period, TickGrid.STEP_NANOS);
        return context.nettyEventLoop().scheduleAtFixedRate(() -> context.emit(h), first, period, TimeUnit.NANOSECONDS);
    }
}
