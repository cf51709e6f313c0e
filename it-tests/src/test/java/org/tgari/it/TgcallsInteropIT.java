package org.tgari.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.tgari.it.tgcalls.ConnectedTimes;
import org.tgari.it.tgcalls.Implementation;
import org.tgari.it.tgcalls.InteropCall;
import org.tgari.it.tgcalls.NamespacePair;
import org.tgari.it.tgcalls.RelayServers;
import org.tgari.it.tgcalls.Route;

/**
 * Our engine ({@code tgari voip-peer}) against Telegram's own tgcalls ({@code tgpeer}, built from
 * ../shared/tgcalls-peer by scripts/install-tgcalls-peer.sh), each in its own network namespace: both
 * roles, P2P and relay-only through coturn and through our reflector simulator, versions 8.0.0 and
 * 7.0.0. Each call is judged second by second on both sides (every second after the first connected one
 * must carry the other's tone at its level), so a call that goes quiet part-way fails. Then twenty calls
 * in a row without a failure, and tgcalls-to-tgcalls baselines whose Connected times are printed
 * beside ours.
 */
class TgcallsInteropIT {

    private static final int CALL_SECONDS = 6;
    // Six seconds: under load our engine's process takes 2-4 s to connect (JVM start included), and each
    // side needs its first second after the onset plus at least one judged second before the end.
    private static final int SERIES_CALLS = 20, SERIES_SECONDS = 6;

    private static Path dir;
    private static NamespacePair pair;
    private static RelayServers relays;
    private static final ConnectedTimes TIMES = new ConnectedTimes();

    @BeforeAll
    static void setUp() throws Exception {
        Implementation.launcher(); // fails at once, naming the install script, when tgpeer is missing
        dir = Files.createTempDirectory("tgari-tgcalls-interop");
        pair = NamespacePair.create();
        try {
            relays = RelayServers.start(pair, dir);
        } catch (Exception | Error e) {
            pair.close();
            throw e;
        }
    }

    @AfterAll
    static void tearDown() {
        System.out.print(TIMES.table());
        if (relays != null) relays.close();
        if (pair != null) pair.close();
        System.out.println("tgcalls interop files (logs, heard audio): " + dir);
    }

    static Stream<Arguments> scenarios() {
        List<Arguments> all = new ArrayList<>();
        for (String version : List.of("8.0.0", "7.0.0")) {
            for (Route route : Route.values()) {
                for (boolean ourEngineCalls : List.of(true, false)) all.add(Arguments.of(version, route, ourEngineCalls));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} our engine calls: {2}")
    @MethodSource("scenarios")
    void ourEngineAndTgcallsHearEachOtherForTheWholeCall(String version, Route route, boolean ourEngineCalls) throws Exception {
        Implementation caller = ourEngineCalls ? Implementation.TGARI : Implementation.TGCALLS;
        Implementation callee = ourEngineCalls ? Implementation.TGCALLS : Implementation.TGARI;
        String name = version + "-" + route.name().toLowerCase() + "-" + caller.label() + "-calls";
        var r = InteropCall.run(pair, dir, name, route.setup(version, relays, CALL_SECONDS), caller, callee);
        System.out.println(r.ok() ? r.summary() : r.details());
        TIMES.add(route + " " + version, r);
        assertThat(r.ok()).as(r.details()).isTrue();
        var ours = ourEngineCalls ? r.caller() : r.callee();
        assertThat(route.isOurPath(ours.connectedPath())).as("our engine's path %s is %s; %s", ours.connectedPath(), route, r.details()).isTrue();
    }

    @ParameterizedTest(name = "tgcalls <-> tgcalls 8.0.0 {0}")
    @EnumSource(Route.class)
    void tgcallsToTgcallsBaseline(Route route) throws Exception {
        var r = InteropCall.run(pair, dir, "8.0.0-" + route.name().toLowerCase() + "-baseline",
                route.setup("8.0.0", relays, CALL_SECONDS), Implementation.TGCALLS, Implementation.TGCALLS);
        System.out.println(r.ok() ? r.summary() : r.details());
        TIMES.add(route + " 8.0.0", r);
        // The reference must hold the same bar, or the comparison (and the level expectation) means nothing.
        assertThat(r.ok()).as(r.details()).isTrue();
    }

    @Test
    void twentyCallsInARowAllCarryAudioThroughout() throws Exception {
        List<InteropCall.Result> failed = new ArrayList<>();
        for (int i = 0; i < SERIES_CALLS; i++) {
            boolean ourEngineCalls = i % 2 == 0;
            var r = InteropCall.run(pair, dir, String.format("series-%02d", i), Route.P2P.setup("8.0.0", relays, SERIES_SECONDS),
                    ourEngineCalls ? Implementation.TGARI : Implementation.TGCALLS, ourEngineCalls ? Implementation.TGCALLS : Implementation.TGARI);
            System.out.println(r.ok() ? r.summary() : r.details());
            TIMES.add("P2P 8.0.0 series", r);
            if (!r.ok()) failed.add(r);
        }
        assertThat(failed).as("failed calls of %d:%n%s", SERIES_CALLS,
                String.join("\n", failed.stream().map(InteropCall.Result::details).toList())).isEmpty();
    }
}
