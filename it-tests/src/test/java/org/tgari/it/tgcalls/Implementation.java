package org.tgari.it.tgcalls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The two call-party implementations under test, and how each is started for a call. */
public enum Implementation {

    /** Our engine: {@code tgari voip-peer}, run from the test's own class path (the code under test). */
    TGARI {
        @Override
        List<String> command(NamespacePair.Side side, PartySpec spec) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), "org.tgari.cli.Main", "voip-peer", "--host", side.address()));
            cmd.addAll(spec.commonArguments());
            return side.exec(cmd);
        }
    },

    /** Telegram's own tgcalls: tgpeer from ../shared/tgcalls-peer, built by scripts/install-tgcalls-peer.sh. */
    TGCALLS {
        @Override
        List<String> command(NamespacePair.Side side, PartySpec spec) {
            List<String> cmd = new ArrayList<>(List.of(launcher().toString(), "--ns", side.namespace(), "--log", "warning"));
            cmd.addAll(spec.commonArguments());
            return cmd;
        }
    };

    abstract List<String> command(NamespacePair.Side side, PartySpec spec);

    /**
     * How much this implementation's send path changes a steady tone's level before the wire. Ours
     * encodes the microphone as it is. tgcalls runs WebRTC's capture processing (gain control, noise
     * suppression, as Telegram's apps configure it), which lowers our half-scale tone by 8-12 dB:
     * measured tgcalls to tgcalls, the same tone arrives 7-13 dB below the file, lower in a call's first seconds.
     */
    double sendLevelChangeDb() {
        return this == TGARI ? 0.0 : TGCALLS_CAPTURE_CHANGE_DB;
    }

    /**
     * How far a second's level may stray from that: ours by no more than the codec moves a tone; tgcalls'
     * gain control ramps over a call (a half-scale tone from -22 dBFS in its first second to -13.6 once
     * settled, measured in 10 s and 180 s calls), so -12 dB ± 5 holds every second it sends.
     */
    public double levelToleranceDb() {
        return this == TGARI ? WholeCallTone.LEVEL_TOLERANCE_DB : TGCALLS_LEVEL_TOLERANCE_DB;
    }

    public static final double TGCALLS_CAPTURE_CHANGE_DB = -12.0;
    public static final double TGCALLS_LEVEL_TOLERANCE_DB = 5.0;

    /**
     * The microphone's sample rate: ours the gateway's (Asterisk's slin16; voip-peer encodes and plays
     * out at its microphone's rate), tgcalls' its own 48 kHz (tgpeer resamples anything else).
     */
    int micRate() {
        return this == TGARI ? 16000 : 48000;
    }

    /** tgpeer's launcher: TGARI_TGPEER (scripts/test.sh sets it), else build.sh's default location. */
    public static Path launcher() {
        Path p = Path.of(System.getenv().getOrDefault("TGARI_TGPEER", "/var/lib/tgcalls-peer/tgpeer.sh"));
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException("tgpeer launcher " + p + " missing: run scripts/install-tgcalls-peer.sh "
                    + "(scripts/test.sh does) and point TGARI_TGPEER at the path it prints");
        }
        return p;
    }

    /** Short name for reports. */
    public String label() {
        return this == TGARI ? "tgari" : "tgcalls";
    }
}
