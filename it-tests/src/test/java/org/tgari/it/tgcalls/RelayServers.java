package org.tgari.it.tgcalls;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The relays of the relay-only paths, both on side A of a {@link NamespacePair} (side B reaches them
 * over the wire): a real coturn with long-term credentials, and our Telegram reflector simulator run as
 * its own process. Each path has a {@code --servers} file naming its server.
 */
public final class RelayServers implements AutoCloseable {

    static final int TURN_PORT = 3478;
    static final int REFLECTOR_PORT = 5990;
    private static final String USER = "tgari", PASSWORD = "interop";

    private final List<ServerProcess> processes = new ArrayList<>();
    private Path turnServers;
    private Path reflectorServers;
    private ServerProcess coturn;
    private ServerProcess reflector;

    public static RelayServers start(NamespacePair pair, Path dir) throws Exception {
        var servers = new RelayServers();
        try {
            servers.startCoturn(pair.a(), dir);
            servers.startReflector(pair.a(), dir);
        } catch (Exception | Error e) {
            servers.close();
            throw e;
        }
        return servers;
    }

    private void startCoturn(NamespacePair.Side side, Path dir) throws Exception {
        String address = side.address();
        coturn = ServerProcess.start(side.exec(List.of("turnserver", "-n", "--no-cli", "--no-tls", "--no-dtls", "--no-tcp-relay",
                        "--listening-ip", address, "--relay-ip", address, "--listening-port", Integer.toString(TURN_PORT),
                        // the peers' relayed addresses are on this same wire, which coturn refuses unless told
                        "--allow-loopback-peers", "--lt-cred-mech", "--realm", "tgari.test",
                        "--user", USER + ":" + PASSWORD, "--userdb", dir.resolve("turndb").toString(),
                        "--pidfile", dir.resolve("turnserver.pid").toString(), "--log-file", "stdout", "--simple-log",
                        "-v")), // verbose: only then does it say when its UDP listener is open
                dir.resolve("coturn.log"), line -> line.contains("UDP listener opened on") && line.contains(address + ":" + TURN_PORT),
                new CompletableFuture<>());
        processes.add(coturn);
        turnServers = CallServersFile.turn(dir.resolve("servers-turn.json"), address, TURN_PORT, USER, PASSWORD);
    }

    private void startReflector(NamespacePair.Side side, Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        reflector = ServerProcess.start(side.exec(List.of(java, "-cp", System.getProperty("java.class.path"),
                        ReflectorSimulatorMain.class.getName(), side.address(), Integer.toString(REFLECTOR_PORT))),
                dir.resolve("reflector.log"), line -> line.startsWith(ReflectorSimulatorMain.READY), new CompletableFuture<>());
        processes.add(reflector);
        byte[] tag = new byte[16];
        new SecureRandom().nextBytes(tag);
        reflectorServers = CallServersFile.reflector(dir.resolve("servers-reflector.json"), side.address(), REFLECTOR_PORT, tag);
    }

    public Path turnServers() {
        return turnServers;
    }

    public Path reflectorServers() {
        return reflectorServers;
    }

    public String coturnLog() {
        return coturn.logText();
    }

    public String reflectorLog() {
        return reflector.logText();
    }

    @Override
    public void close() {
        processes.forEach(ServerProcess::close);
    }
}
