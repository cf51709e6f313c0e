import io.vertx.core.Vertx;
import org.tgari.telegram.sim.ReflectorSimulator;

/**
 * Our Telegram reflector simulator on one address, for scripts/setup-time.sh: run as a single-file
 * program with tgari.jar on the class path. Prints "listening PORT" and serves until killed.
 */
public class SetupTimeReflector {
    public static void main(String[] args) throws Exception {
        var vertx = Vertx.vertx();
        var reflector = new ReflectorSimulator(vertx, args[0], 1);
        int port = reflector.start(Integer.parseInt(args[1])).toCompletionStage().toCompletableFuture().get();
        System.out.println("listening " + port);
        System.out.flush();
        Thread.currentThread().join();
    }
}
