package org.tgari.runtime;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The event loops' transport: Linux epoll where Netty's native library loads, else Java NIO. Media
 * work is driven by 20 ms timers on those loops, and NIO's select() rounds a timer's deadline to the
 * nearest millisecond: it wakes up to half a millisecond early and then spins until the deadline,
 * which cost the engine about a quarter of its CPU at low call counts. epoll's timers are precise.
 */
public final class EventLoopTransport {

    private EventLoopTransport() {}

    /** Options every gateway Vert.x instance starts from. */
    public static VertxOptions options() {
        return new VertxOptions().setPreferNativeTransport(true);
    }

    /** One line for the start-up log: which transport runs, and why not epoll if it does not. */
    public static String describe(Vertx vertx) {
        if (vertx.isNativeTransportEnabled()) return "event loops on epoll";
        Throwable why = vertx.unavailableNativeTransportCause();
        return "event loops on Java NIO (epoll unavailable: " + (why == null ? "not requested" : why.getMessage()) + ")";
    }
}
