package org.tgari.voip.engine;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many call engines are alive: built and not yet released (closed or failed). One census is shared by
 * the engines of a process, so a gauge of it shows engines that outlived their call.
 */
public final class EngineCensus {

    private final AtomicInteger alive = new AtomicInteger();

    void born() {
        alive.incrementAndGet();
    }

    void released() {
        alive.decrementAndGet();
    }

    /** Engines built and not yet released. */
    public int alive() {
        return alive.get();
    }
}
