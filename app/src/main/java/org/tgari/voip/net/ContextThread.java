package org.tgari.voip.net;

import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

/**
 * Whether the calling thread is the one that runs a given event-loop context, i.e. may touch state
 * confined to it. Comparing {@code Vertx.currentContext()} with the context is not the same test: Vert.x
 * runs periodic timers on a fresh duplicate of their context each time, and other contexts share the
 * loop, so that comparison sent every packet of a 20 ms media tick through a task queue and a copy.
 */
public final class ContextThread {

    private final Context context;
    private final EventLoop loop;

    public ContextThread(Context context) {
        this.context = context;
        this.loop = context.isEventLoopContext() ? ((ContextInternal) context).nettyEventLoop() : null;
    }

    public boolean isCurrent() {
        return loop != null ? loop.inEventLoop() : Vertx.currentContext() == context;
    }
}
