package org.tgari.it.tgcalls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One running call party. Its stdout's {@code SIG} lines go to a sink (the other party), its stderr is
 * copied to a log file, and the times of its first output line and of its {@code STATE connected} are
 * noted (nanoseconds after its start). Closing it kills what is left of it.
 */
final class PartyProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final long startedNanos;
    private final Path log;
    private final OutputStream stdin;
    private final CompletableFuture<Long> firstOutput = new CompletableFuture<>();
    private final CompletableFuture<String> connected = new CompletableFuture<>();
    private final CompletableFuture<Long> closed = new CompletableFuture<>();
    private volatile long exitedNanos = -1;
    private final CompletableFuture<Void> stdoutDone = new CompletableFuture<>();
    private final CompletableFuture<Void> stderrDone = new CompletableFuture<>();

    private PartyProcess(String name, Process process, long startedNanos, Path log) {
        this.name = name;
        this.process = process;
        this.startedNanos = startedNanos;
        this.log = log;
        this.stdin = process.getOutputStream();
    }

    static PartyProcess start(String name, List<String> command, Path log, Consumer<String> signaling) throws IOException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).start();
        var party = new PartyProcess(name, p, t0, log);
        // Platform threads: a virtual thread blocked on a pipe can hold its carrier, and on two cores a
        // few such readers starved the others (a party's first line arrived a minute late).
        Thread.ofPlatform().daemon().name(name + "-stdout").start(() -> party.readStdout(signaling));
        Thread.ofPlatform().daemon().name(name + "-stderr").start(party::readStderr);
        return party;
    }

    private void readStdout(Consumer<String> signaling) {
        try (var r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                firstOutput.complete(System.nanoTime() - startedNanos);
                if (line.startsWith("SIG ")) signaling.accept(line);
            }
        } catch (IOException e) {
            // the process is gone
        } finally {
            stdoutDone.complete(null);
        }
    }

    private void readStderr() {
        try (var r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
             var w = new PrintWriter(Files.newBufferedWriter(log))) {
            String line;
            while ((line = r.readLine()) != null) {
                long at = System.nanoTime() - startedNanos;
                firstOutput.complete(at);
                w.printf("[%6d ms] %s%n", at / 1_000_000, line);
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("state connected")) connected.complete(at + " " + line);
                if (lower.startsWith("state closed")) closed.complete(at);
            }
        } catch (IOException e) {
            // the process is gone
        } finally {
            stderrDone.complete(null);
        }
    }

    /** Hands one signaling line to this party; a party that has already exited just misses it. */
    void deliver(String sigLine) {
        synchronized (stdin) {
            try {
                stdin.write((sigLine + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            } catch (IOException e) {
                // exited: nothing to deliver to
            }
        }
    }

    /** Waits for the exit and the end of its output; the exit code, or -1 when it did not end in time. */
    int await(long timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) return -1;
        exitedNanos = System.nanoTime() - startedNanos;
        try {
            CompletableFuture.allOf(stdoutDone, stderrDone).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the exit code still stands; the log may be cut short
        }
        return process.exitValue();
    }

    String name() {
        return name;
    }

    long startedNanos() {
        return startedNanos;
    }

    /** Nanoseconds from start to {@code STATE connected}, or -1 if it never said so. */
    long connectedNanos() {
        String c = connected.getNow(null);
        return c == null ? -1 : Long.parseLong(c.substring(0, c.indexOf(' ')));
    }

    /** The rest of its {@code STATE connected} line (our engine names the path there), or "". */
    String connectedDetail() {
        String c = connected.getNow(null);
        if (c == null) return "";
        String line = c.substring(c.indexOf(' ') + 1);
        return line.length() > "STATE connected".length() ? line.substring("STATE connected".length()).strip() : "";
    }

    /** Waits for its first line of output (our engine's first comes when its engine begins): false if none in time. */
    boolean awaitFirstOutput(long timeoutSeconds) {
        try {
            firstOutput.get(timeoutSeconds, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Nanoseconds from start to the end of its sending: our engine's {@code STATE closed} (printed right
     * after its last 20 ms tick), else its exit; -1 while it runs.
     */
    long sendingEndedNanos() {
        return closed.getNow(exitedNanos);
    }

    /** Nanoseconds from start to its first line of output, or -1. */
    long firstOutputNanos() {
        return firstOutput.getNow(-1L);
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            stdin.close();
        } catch (InterruptedException | IOException e) {
            // best effort: the process is killed either way
        }
    }
}
