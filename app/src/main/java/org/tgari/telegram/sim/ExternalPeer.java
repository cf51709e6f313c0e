package org.tgari.telegram.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tgari.voip.engine.CallParams;
import org.tgari.voip.engine.CallServer;

/**
 * The far end of a simulated call played by another program on the {@code SIG}/{@code STATE} line
 * contract of {@code tgari voip-peer} and tgcalls-peer's {@code tgpeer}: Telegram's own call library,
 * so the gateway can be tested against it end to end. The program gets the call's version, role, key
 * and servers appended to its configured command; its {@code SIG} lines on stdout are relayed to the
 * gateway's engine and the gateway's signaling is written to its stdin as {@code SIG} lines. The program
 * ending (tgpeer ends after its {@code --seconds}) is the far end hanging up.
 */
final class ExternalPeer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExternalPeer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the program did: hung up after a connected call, or failed (with why). */
    interface Listener {
        void signaling(byte[] blob);

        void hungUp();

        void failed(String reason);
    }

    private final String callName;
    private final Process process;
    private final Path serversFile;
    private final OutputStream stdin;
    private volatile boolean closed;
    private volatile boolean connected;

    private ExternalPeer(String callName, Process process, Path serversFile) {
        this.callName = callName;
        this.process = process;
        this.serversFile = serversFile;
        this.stdin = process.getOutputStream();
    }

    /** Starts {@code command} with the call's arguments appended; closes what it made when it cannot start. */
    static ExternalPeer start(List<String> command, CallParams params, String callName, Listener listener) throws IOException {
        Path servers = Files.createTempFile("tgari-sim-servers-", ".json");
        try {
            Files.writeString(servers, serversJson(params.servers()));
            List<String> cmd = new ArrayList<>(command);
            cmd.addAll(List.of("--version", params.libraryVersion(), params.isOutgoing() ? "--outgoing" : "--incoming",
                    "--key-hex", HexFormat.of().formatHex(params.encryptionKey()), "--servers", servers.toString()));
            Process p = new ProcessBuilder(cmd).start();
            var peer = new ExternalPeer(callName, p, servers);
            Thread.ofVirtual().name("sim-peer-out-" + callName).start(() -> peer.readSignaling(listener));
            Thread.ofVirtual().name("sim-peer-err-" + callName).start(() -> peer.readStates(listener));
            log.info("call {}: far end is {} (pid {})", callName, command.getFirst(), p.pid());
            return peer;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(servers);
            throw e;
        }
    }

    /** td_api callServer objects, as TDLib hands them to an app. */
    static String serversJson(List<CallServer> servers) {
        ArrayNode array = JSON.createArrayNode();
        for (CallServer s : servers) {
            var n = array.addObject().put("@type", "callServer").put("id", Long.toString(s.id()))
                    .put("ip_address", s.ipAddress()).put("ipv6_address", s.ipv6Address()).put("port", s.port());
            var type = n.putObject("type");
            switch (s) {
                case CallServer.TelegramReflector r -> type.put("@type", "callServerTypeTelegramReflector")
                        .put("peer_tag", Base64.getEncoder().encodeToString(r.peerTag())).put("is_tcp", r.isTcp());
                case CallServer.Webrtc w -> type.put("@type", "callServerTypeWebrtc").put("username", w.username())
                        .put("password", w.password()).put("supports_turn", w.supportsTurn()).put("supports_stun", w.supportsStun());
            }
        }
        return array.toString();
    }

    private void readSignaling(Listener listener) {
        try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (!line.startsWith("SIG ")) continue;
                try {
                    listener.signaling(Base64.getDecoder().decode(line.substring(4).strip()));
                } catch (IllegalArgumentException e) {
                    log.warn("call {}: far end wrote a SIG line that is not base64: {}", callName, e.getMessage());
                }
            }
        } catch (IOException e) {
            if (!closed) log.warn("call {}: far end's output failed: {}", callName, e.toString());
        }
        int exit = awaitExit();
        if (closed) return;
        if (exit == 0 && connected) listener.hungUp();
        else listener.failed("the far end's program ended with status " + exit + (connected ? "" : " before its call connected"));
    }

    private void readStates(Listener listener) {
        try (var err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = err.readLine()) != null; ) {
                if (line.startsWith("STATE ")) {
                    String state = line.substring(6).strip();
                    log.info("call {}: far end state {}", callName, state);
                    if (state.equals("Connected") || state.equals("Established")) connected = true;
                    if (state.equals("Failed") && !closed) listener.failed("the far end's call failed");
                } else {
                    log.debug("call {}: far end: {}", callName, line);
                }
            }
        } catch (IOException e) {
            if (!closed) log.debug("call {}: far end's log ended: {}", callName, e.toString());
        }
    }

    private int awaitExit() {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Signaling from the gateway's engine; any thread. */
    void receiveSignaling(byte[] blob) {
        if (closed) return;
        byte[] line = ("SIG " + Base64.getEncoder().encodeToString(blob) + "\n").getBytes(StandardCharsets.US_ASCII);
        synchronized (stdin) {
            try {
                stdin.write(line);
                stdin.flush();
            } catch (IOException e) {
                log.warn("call {}: cannot write to the far end: {}", callName, e.toString());
            }
        }
    }

    /** Ends the program (the gateway hung up) and removes the servers file; does not block. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        process.destroy();
        Thread.ofVirtual().name("sim-peer-reaper-" + callName).start(() -> {
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
                Files.deleteIfExists(serversFile);
            } catch (InterruptedException | IOException e) {
                process.destroyForcibly();
                log.debug("call {}: far end not reaped cleanly: {}", callName, e.toString());
            }
        });
    }
}
