package org.tgari.it.tgcalls;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.tgari.telegram.sim.ReflectorSimulator;

/**
 * Our Telegram reflector simulator as a process of its own, so that it can run inside a network
 * namespace: {@code ReflectorSimulatorMain ADDRESS PORT}. Prints {@value #READY} once bound, runs until
 * its stdin closes (so it cannot outlive the test that started it), then prints its counters.
 */
public final class ReflectorSimulatorMain {

    static final String READY = "reflector listening on ";

    private ReflectorSimulatorMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ReflectorSimulatorMain ADDRESS PORT");
            System.exit(2);
        }
        Vertx vertx = Vertx.vertx();
        var reflector = new ReflectorSimulator(vertx, args[0], 1);
        int port = reflector.start(Integer.parseInt(args[1])).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        System.out.println(READY + args[0] + ":" + port);
        System.out.flush();
        try {
            while (System.in.read() >= 0) {
                // nothing is expected on stdin; its end is the signal to stop
            }
        } catch (IOException e) {
            // stdin gone: stop as well
        }
        System.out.printf("reflector forwarded=%d dropped=%d hellos=%d unknownDestination=%d%n",
                reflector.forwarded(), reflector.dropped(), reflector.hellos(), reflector.unknownDestination());
        reflector.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
