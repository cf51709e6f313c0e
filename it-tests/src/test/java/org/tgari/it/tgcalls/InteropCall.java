package org.tgari.it.tgcalls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.tgari.media.audio.WavFile;

/**
 * One call between two parties in a {@link NamespacePair}: the caller on side A, the callee on side B,
 * their signaling relayed line by line (each one's SIG lines to the other's stdin), each playing its
 * own tone, each judged on what it heard over the whole call ({@link WholeCallTone}).
 */
public final class InteropCall {

    /** What is the same for both parties: protocol version, path, length. */
    public record Setup(String version, Path servers, boolean allowP2p, int seconds) {}

    /** One party's side of a finished call. */
    public record PartyResult(Implementation implementation, boolean outgoing, int exitCode, long connectedMillis,
                              long begunMillis, String connectedPath, WholeCallTone heard, Path log) {
        public String role() {
            return implementation.label() + (outgoing ? "(out)" : "(in)");
        }

        boolean connected() {
            return connectedMillis >= 0;
        }
    }

    /** Both sides of a finished call. */
    public record Result(String name, PartyResult caller, PartyResult callee) {
        /** Both connected and both heard the other's tone in every judged second. */
        public boolean ok() {
            return caller.connected() && callee.connected() && caller.heard().allGood() && callee.heard().allGood()
                    && caller.exitCode() >= 0 && callee.exitCode() >= 0;
        }

        /** A line for the test output: Connected times and bad (silent or wrong) seconds per side. */
        public String summary() {
            return String.format("%s: %s %s; connected %s %s, %s %s; bad seconds (silent) %s %d/%d (%d), %s %d/%d (%d)",
                    name, ok() ? "OK" : "FAILED", caller.role() + "->" + callee.role(),
                    caller.role(), millis(caller), callee.role(), millis(callee),
                    caller.role(), caller.heard().badSeconds(), caller.heard().judgedSeconds(), caller.heard().silentSeconds(),
                    callee.role(), callee.heard().badSeconds(), callee.heard().judgedSeconds(), callee.heard().silentSeconds());
        }

        /** Everything needed to see why a call failed. */
        public String details() {
            return summary() + "\n  " + caller.role() + " heard " + caller.heard().describe() + " path=" + caller.connectedPath() + " exit=" + caller.exitCode()
                    + " log " + caller.log() + "\n  " + callee.role() + " heard " + callee.heard().describe() + " path=" + callee.connectedPath()
                    + " exit=" + callee.exitCode() + " log " + callee.log();
        }

        // Ours also from its engine's begin (its first output), which leaves out the JVM's start.
        private static String millis(PartyResult p) {
            if (!p.connected()) return "never";
            return p.connectedMillis() + " ms" + (p.implementation() == Implementation.TGARI
                    ? " (engine " + (p.connectedMillis() - p.begunMillis()) + " ms)" : "");
        }
    }

    private static final double CALLER_HZ = 440, CALLEE_HZ = 880;
    // The last moments of the other party's sending may not have reached this one yet.
    private static final double END_MARGIN_SECONDS = 0.25;

    private InteropCall() {}

    public static Result run(NamespacePair pair, Path dir, String name, Setup setup, Implementation caller, Implementation callee) throws Exception {
        Path callDir = Files.createDirectories(dir.resolve(name));
        TestTone callerTone = TestTone.write(callDir, CALLER_HZ, caller.micRate());
        TestTone calleeTone = TestTone.write(callDir, CALLEE_HZ, callee.micRate());
        byte[] key = new byte[256];
        new SecureRandom().nextBytes(key);
        String keyHex = HexFormat.of().formatHex(key);
        boolean mixed = caller != callee;
        var callerSpec = new PartySpec(setup.version(), true, keyHex, setup.servers(), setup.allowP2p(), callerTone.wav(),
                callDir.resolve("caller-heard.wav"), seconds(setup, caller, mixed));
        var calleeSpec = new PartySpec(setup.version(), false, keyHex, setup.servers(), setup.allowP2p(), calleeTone.wav(),
                callDir.resolve("callee-heard.wav"), seconds(setup, callee, mixed));

        // A JVM takes a second or more to start (several on a loaded machine) while tgpeer's --seconds
        // count from its own start: our engine starts first, the other party once our engine has begun.
        boolean calleeFirst = callee == Implementation.TGARI && caller != Implementation.TGARI;
        var toCaller = new LineRelay();
        var toCallee = new LineRelay();
        PartyProcess a = null, b = null;
        try {
            if (calleeFirst) {
                b = PartyProcess.start("callee", callee.command(pair.b(), calleeSpec), callDir.resolve("callee.log"), toCaller);
                awaitBegun(b);
            }
            a = PartyProcess.start("caller", caller.command(pair.a(), callerSpec), callDir.resolve("caller.log"), toCallee);
            if (!calleeFirst) {
                if (caller == Implementation.TGARI) awaitBegun(a);
                b = PartyProcess.start("callee", callee.command(pair.b(), calleeSpec), callDir.resolve("callee.log"), toCaller);
            }
            toCaller.attach(a);
            toCallee.attach(b);
            long timeout = setup.seconds() + 30L;
            int aExit = a.await(timeout), bExit = b.await(timeout);
            return judge(name, setup, a, aExit, caller, calleeTone, callerSpec, b, bExit, callee, callerTone, calleeSpec);
        } finally {
            if (a != null) a.close();
            if (b != null) b.close();
        }
    }

    /**
     * Facing our engine, tgcalls runs two seconds longer: ours is judged up to its own last tick, and its
     * tick clock can fall behind the wall clock on a loaded machine, so the other side must outlast it.
     */
    private static int seconds(Setup setup, Implementation party, boolean mixed) {
        return setup.seconds() + (mixed && party == Implementation.TGCALLS ? 2 : 0);
    }

    private static void awaitBegun(PartyProcess p) {
        if (!p.awaitFirstOutput(60)) throw new IllegalStateException(p.name() + " printed nothing within 60 s; log " + p.log());
    }

    private static Result judge(String name, Setup setup, PartyProcess a, int aExit, Implementation aImpl, TestTone aExpects, PartySpec aSpec,
                                PartyProcess b, int bExit, Implementation bImpl, TestTone bExpects, PartySpec bSpec) throws Exception {
        long aEnd = sendingEnded(a, aImpl, aSpec), bEnd = sendingEnded(b, bImpl, bSpec);
        int minWindows = 0;
        if (a.connectedNanos() >= 0 && b.connectedNanos() >= 0) {
            long bothConnected = Math.max(a.startedNanos() + a.connectedNanos(), b.startedNanos() + b.connectedNanos());
            // The stretch both were connected and sending, less the first second (not judged) and one of slack.
            minWindows = (int) Math.max(1, (Math.min(aEnd, bEnd) - bothConnected) / 1_000_000_000L - 2);
        }
        return new Result(name,
                party(aImpl, true, aExit, a, heard(aSpec, aEnd, bEnd, minWindows, aExpects, bImpl)),
                party(bImpl, false, bExit, b, heard(bSpec, bEnd, aEnd, minWindows, bExpects, aImpl)));
    }

    /** When (nanoTime) the party's sending ended: tgpeer at its --seconds, ours at its STATE closed (its last tick). */
    private static long sendingEnded(PartyProcess p, Implementation impl, PartySpec spec) {
        if (impl == Implementation.TGCALLS) return p.startedNanos() + spec.seconds() * 1_000_000_000L;
        long ended = p.sendingEndedNanos();
        return ended < 0 ? Long.MAX_VALUE : p.startedNanos() + ended;
    }

    /**
     * Judges a party's heard file up to the end of the other party's sending: the file ends when the
     * party's own sending ended, so the other's end lies that much before the file's end.
     */
    private static WholeCallTone heard(PartySpec spec, long ownEnd, long otherEnd, int minWindows, TestTone expected, Implementation sender) throws Exception {
        double expectedDbfs = expected.levelDbfs() + sender.sendLevelChangeDb();
        if (minWindows == 0 || !Files.exists(spec.out())) return WholeCallTone.nothing(expected.hz(), expectedDbfs, Math.max(1, minWindows));
        var audio = WavFile.readAudio(spec.out());
        double duration = audio.samples().length / (double) audio.sampleRate();
        double to = duration - Math.max(0, ownEnd - otherEnd) / 1e9 - END_MARGIN_SECONDS;
        return WholeCallTone.judge(audio, to, minWindows, expected.hz(), expectedDbfs, sender.levelToleranceDb());
    }

    private static PartyResult party(Implementation impl, boolean outgoing, int exit, PartyProcess p, WholeCallTone heard) {
        long connected = p.connectedNanos();
        return new PartyResult(impl, outgoing, exit, connected < 0 ? -1 : connected / 1_000_000, p.firstOutputNanos() / 1_000_000,
                p.connectedDetail(), heard, p.log());
    }
}
