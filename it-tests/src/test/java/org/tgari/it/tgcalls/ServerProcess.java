package org.tgari.it.tgcalls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A server for the relay paths (coturn, the reflector simulator) running inside one namespace: started,
 * ready once its output shows a given line, its output kept in a log file, killed on close.
 */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final OutputStream stdin;

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.stdin = process.getOutputStream();
    }

    /** Starts {@code command} and waits (up to 15 s) for an output line that {@code ready} accepts; returns that line. */
    static ServerProcess start(List<String> command, Path log, Predicate<String> ready, CompletableFuture<String> readyLine) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        var server = new ServerProcess(p, log);
        Thread.ofPlatform().daemon().name("server-output").start(() -> {
            try (var r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 var w = Files.newBufferedWriter(log)) {
                String line;
                while ((line = r.readLine()) != null) {
                    w.write(line);
                    w.newLine();
                    w.flush();
                    if (ready.test(line)) readyLine.complete(line);
                }
            } catch (IOException e) {
                // the process is gone
            } finally {
                readyLine.completeExceptionally(new IllegalStateException("exited before it was ready"));
            }
        });
        try {
            readyLine.get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            server.close();
            throw new IllegalStateException(String.join(" ", command) + " did not become ready: " + e.getMessage() + "; log:\n" + server.logText(), e);
        }
        return server;
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        try {
            stdin.close(); // the reflector simulator ends when its stdin does
        } catch (IOException e) {
            // killed below either way
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
