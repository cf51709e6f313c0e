package org.tgari.it.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real SIP phone: baresip on 127.0.0.1, driven over its ctrl_tcp socket. It calls as
 * {@code sip:tester@127.0.0.1} (the "tester" endpoint of asterisk-config/pjsip.conf), plays a WAV file
 * as its microphone (aufile) and records what it hears (sndfile, {@code dump-*-dec.wav}).
 */
public final class SipPhone implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration QUIT_TIMEOUT = Duration.ofSeconds(5);
    private static final String READY_LINE = "baresip is ready.";

    private final Process process;
    private final Path recordings;
    private final Path log;
    private final BaresipControl control;
    private Set<Path> recordingsBeforeCall = Set.of();
    private volatile boolean established;

    private SipPhone(Process process, Path recordings, Path log, BaresipControl control) {
        this.process = process;
        this.recordings = recordings;
        this.log = log;
        this.control = control;
    }

    /**
     * Starts baresip with {@code micWav} (8 or 16 kHz mono 16-bit WAV, long enough for the call: aufile
     * plays it once) as microphone; config, log and recordings go under {@code workDir}.
     */
    public static SipPhone start(Path micWav, Path workDir) throws Exception {
        if (!Files.isReadable(micWav)) {
            throw new IllegalArgumentException("microphone WAV not readable: " + micWav);
        }
        // baresip also binds its SIP port + 1 (TCP, for TLS), which nobody checked was free: another socket
        // of the machine can hold it. That is a start-up race of the harness, not of what is tested, so a
        // start that fails on it is tried again on other ports.
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(micWav, workDir);
            } catch (IllegalStateException e) {
                if (attempt >= 3 || !String.valueOf(e.getMessage()).contains("Address already in use")) throw e;
            }
        }
    }

    /**
     * Starts baresip registering as {@code user} (password {@code password}) at Asterisk's
     * {@code sip:127.0.0.1:<asteriskSipPort>} and answering every incoming call at once, for calls towards
     * a phone (Telegram → SIP). The registration may complete before the control socket is connected,
     * so its event can be missed: wait for it on Asterisk's side ({@code pjsip show contacts}).
     */
    public static SipPhone startAnswering(Path micWav, Path workDir, String user, String password, int asteriskSipPort) throws Exception {
        String account = "<sip:%s@127.0.0.1:%d>;auth_pass=%s;regint=60;answermode=auto\n".formatted(user, asteriskSipPort, password);
        return startOnce(micWav, workDir, account);
    }

    /**
     * Starts baresip registering as {@code user} like {@link #startAnswering}, but leaving incoming calls
     * ringing: {@link #awaitIncoming} sees one ring, {@link #rejectIncoming} turns it down (486), and the
     * caller giving up closes it ({@link #awaitClosed}).
     */
    public static SipPhone startRinging(Path micWav, Path workDir, String user, String password, int asteriskSipPort) throws Exception {
        String account = "<sip:%s@127.0.0.1:%d>;auth_pass=%s;regint=60;answermode=manual\n".formatted(user, asteriskSipPort, password);
        return startOnce(micWav, workDir, account);
    }

    /**
     * Waits until a call comes in and rings (baresip's CALL_INCOMING) and returns the caller's URI as the
     * phone sees it; fails naming the events seen when nothing comes.
     */
    public String awaitIncoming(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        java.util.List<String> seen = new java.util.ArrayList<>();
        while (true) {
            Optional<BaresipMessage.Event> next = control.nextEvent(Duration.ofNanos(deadline - System.nanoTime()));
            if (next.isEmpty()) throw new AssertionError("no incoming call within " + timeout + "; events " + seen);
            BaresipMessage.Event e = next.get();
            seen.add(e.type() + " " + e.peerUri() + " " + e.param());
            if ("CALL_INCOMING".equals(e.type())) {
                recordingsBeforeCall = listRecordings();
                return e.peerUri();
            }
        }
    }

    /** Turns the ringing incoming call down: baresip answers it with 486 Busy ("Rejected"). */
    public void rejectIncoming() {
        BaresipMessage.Response response = control.command("hangup", null, COMMAND_TIMEOUT);
        if (!response.ok()) throw new IllegalStateException("baresip refused to reject the call: " + response.data());
    }

    /**
     * Waits until an incoming call is established (auto-answered) and returns the caller's URI as the
     * phone sees it; fails naming the events seen when the call ends first or nothing comes.
     */
    public String awaitAnsweredIncoming(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        java.util.List<String> seen = new java.util.ArrayList<>();
        while (true) {
            Optional<BaresipMessage.Event> next = control.nextEvent(Duration.ofNanos(deadline - System.nanoTime()));
            if (next.isEmpty()) throw new AssertionError("no incoming call established within " + timeout + "; events " + seen);
            BaresipMessage.Event e = next.get();
            seen.add(e.type() + " " + e.peerUri() + " " + e.param());
            if ("CALL_ESTABLISHED".equals(e.type())) return e.peerUri();
            if ("CALL_CLOSED".equals(e.type())) throw new AssertionError("the incoming call closed before it was established; events " + seen);
        }
    }

    private static SipPhone startOnce(Path micWav, Path workDir) throws Exception {
        // regint=0: never register; the "tester" endpoint is identified by its From user.
        return startOnce(micWav, workDir, "<sip:tester@127.0.0.1>;regint=0\n");
    }

    private static SipPhone startOnce(Path micWav, Path workDir, String account) throws Exception {
        Path configDir = Files.createDirectories(workDir.resolve("baresip"));
        Path recordings = Files.createDirectories(workDir.resolve("recordings"));
        Path log = workDir.resolve("baresip.log");
        int sipPort = PortBlock.LoopbackPorts.anyFree();
        int ctrlPort = PortBlock.LoopbackPorts.anyFree();
        writeConfig(configDir, micWav.toAbsolutePath(), recordings.toAbsolutePath(), sipPort, ctrlPort, account);

        Process process = new ProcessBuilder("baresip", "-f", configDir.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        CountDownLatch ready = new CountDownLatch(1);
        // A platform thread: it sits blocked on the process's pipe for the phone's whole life, and a virtual
        // thread blocked in a pipe read holds its carrier; a campaign's phones would take carriers from the
        // harness's other virtual threads (the ctrl_tcp readers).
        Thread.ofPlatform().daemon().name("baresip-log-" + sipPort).start(() -> copyLog(process, log, ready));
        if (!ready.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || !process.isAlive()) {
            process.destroyForcibly();
            throw new IllegalStateException("baresip did not become ready within " + START_TIMEOUT + "; log:\n" + readLog(log));
        }
        try {
            return new SipPhone(process, recordings, log, new BaresipControl(ctrlPort));
        } catch (IOException e) {
            process.destroyForcibly();
            throw new IllegalStateException("cannot connect to baresip's ctrl_tcp on port " + ctrlPort + "; log:\n" + readLog(log), e);
        }
    }

    private static void writeConfig(Path dir, Path micWav, Path recordings, int sipPort, int ctrlPort, String account) throws IOException {
        // net_interface takes an address here: baresip 1.0.0 cannot resolve the "lo" interface by name.
        Files.writeString(dir.resolve("config"), """
                poll_method epoll
                sip_listen 127.0.0.1:%d
                net_interface 127.0.0.1
                call_local_timeout 120
                audio_player aubridge,nil
                audio_alert aubridge,nil
                audio_source aufile,%s
                module_path /usr/lib/baresip/modules
                module g711.so
                module aufile.so
                module aubridge.so
                module sndfile.so
                module_tmp account.so
                module_app menu.so
                module_app ctrl_tcp.so
                ctrl_tcp_listen 127.0.0.1:%d
                snd_path %s
                """.formatted(sipPort, micWav, ctrlPort, recordings));
        Files.writeString(dir.resolve("accounts"), account);
        Files.writeString(dir.resolve("contacts"), "");
    }

    // Mirrors baresip's output into the log file and opens the latch at its "ready" line.
    private static void copyLog(Process process, Path log, CountDownLatch ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(log)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.write(line);
                out.write('\n');
                out.flush();
                if (line.contains(READY_LINE)) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            // the process went away; start() reports what the log holds
        } finally {
            ready.countDown();
        }
    }

    private static String readLog(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Places a call, e.g. to {@code sip:600@127.0.0.1:<sipPort>}; results arrive through the await methods. */
    public void dial(String uri) {
        control.discardEvents();
        established = false;
        recordingsBeforeCall = listRecordings();
        BaresipMessage.Response response = control.command("dial", uri, COMMAND_TIMEOUT);
        if (!response.ok()) {
            throw new IllegalStateException("baresip refused to dial " + uri + ": " + response.data());
        }
    }

    /** Waits until the call is answered or ends. */
    public CallResult awaitEstablishedOrClosed(Duration timeout) {
        return awaitCallEvent(timeout, true, false);
    }

    /** Waits until the far end rings, the call is answered or it ends. */
    public CallResult awaitRingingOrResult(Duration timeout) {
        return awaitCallEvent(timeout, true, true);
    }

    /** Whether the current call was answered at some point (also when an await did not stop for it). */
    public boolean wasEstablished() {
        return established;
    }

    /** Sends RFC 4733 DTMF digits on the current call. */
    public void sendDtmf(String digits) {
        BaresipMessage.Response response = control.command("sndcode", digits, COMMAND_TIMEOUT);
        if (!response.ok()) {
            throw new IllegalStateException("baresip refused to send DTMF " + digits + ": " + response.data());
        }
    }

    /**
     * Waits until the phone has received {@code count} RFC 4733 DTMF digits on the current call (baresip's
     * CALL_DTMF_START events) and returns them in order; fails naming what came when the call ends first
     * or the time runs out.
     */
    public String awaitReceivedDtmf(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        StringBuilder digits = new StringBuilder();
        java.util.List<String> seen = new java.util.ArrayList<>();
        while (digits.length() < count) {
            Optional<BaresipMessage.Event> next = control.nextEvent(Duration.ofNanos(deadline - System.nanoTime()));
            if (next.isEmpty()) throw new AssertionError("received DTMF '" + digits + "', not " + count + " digits within " + timeout + "; events " + seen);
            BaresipMessage.Event e = next.get();
            seen.add(e.type() + " " + e.param());
            if ("CALL_DTMF_START".equals(e.type())) digits.append(e.param());
            if ("CALL_CLOSED".equals(e.type())) throw new AssertionError("the call closed after DTMF '" + digits + "'; events " + seen);
        }
        return digits.toString();
    }

    /** Hangs up the current call; {@link #awaitClosed} then sees it end. */
    public void hangup() {
        control.command("hangup", null, COMMAND_TIMEOUT);
    }

    /** Waits until the current call ends. */
    public CallResult awaitClosed(Duration timeout) {
        return awaitCallEvent(timeout, false, false);
    }

    private CallResult awaitCallEvent(Duration timeout, boolean establishedCounts, boolean ringingCounts) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<BaresipMessage.Event> next = control.nextEvent(Duration.ofNanos(deadline - System.nanoTime()));
            if (next.isEmpty()) {
                return new CallResult.Timeout();
            }
            BaresipMessage.Event event = next.get();
            switch (event.type()) {
                case "CALL_RINGING", "CALL_PROGRESS" -> {
                    if (ringingCounts) {
                        return new CallResult.Ringing();
                    }
                }
                case "CALL_ESTABLISHED" -> {
                    established = true;
                    if (establishedCounts) {
                        return new CallResult.Established();
                    }
                }
                case "CALL_CLOSED" -> {
                    return new CallResult.Closed(sipCode(event.param()), event.param());
                }
                default -> {
                    // progress, SDP, RTP and DTMF events do not decide the call's fate
                }
            }
        }
    }

    // baresip words a rejection as "<code> <reason phrase>" (e.g. "404 Not Found"); anything else is not a SIP status.
    static int sipCode(String reason) {
        if (reason.length() >= 3 && reason.chars().limit(3).allMatch(Character::isDigit)
                && (reason.length() == 3 || reason.charAt(3) == ' ')) {
            return Integer.parseInt(reason.substring(0, 3));
        }
        return 0;
    }

    /** The recording of what this phone heard on the last call (complete once the call has closed). */
    public Path lastReceivedRecording() {
        return listRecordings().stream()
                .filter(p -> !recordingsBeforeCall.contains(p))
                .max(Comparator.comparing(p -> p.getFileName().toString()))
                .orElseThrow(() -> new IllegalStateException("no dump-*-dec.wav recorded for the last call in " + recordings));
    }

    private Set<Path> listRecordings() {
        try (Stream<Path> files = Files.list(recordings)) {
            Set<Path> found = new HashSet<>();
            files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith("dump-") && name.endsWith("-dec.wav");
            }).forEach(found::add);
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + recordings, e);
        }
    }

    /** baresip's own log (config problems, SIP progress). */
    public Path logFile() {
        return log;
    }

    /** The operating-system process id of baresip, for leak checks. */
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                control.command("quit", null, QUIT_TIMEOUT);
            } catch (RuntimeException e) {
                // it is destroyed below if it did not quit
            }
        }
        control.close();
        try {
            if (!process.waitFor(QUIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(QUIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
