package org.tgari.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tgari.it.tgcalls.ConnectedTimes;
import org.tgari.it.tgcalls.Implementation;
import org.tgari.it.tgcalls.InteropCall;
import org.tgari.it.tgcalls.NamespacePair;
import org.tgari.it.tgcalls.RelayServers;
import org.tgari.it.tgcalls.Route;

/**
 * The longer run against Telegram's own tgcalls, not part of the build (its name matches neither *IT
 * nor *Test): scripts/interop-soak.sh runs it. N short calls with the roles alternating, then one long
 * call, each judged second by second as in {@link TgcallsInteropIT}; a line per call, then a summary
 * (failed calls, bad seconds on each side, Connected times). Fails if any call failed.
 * System properties: tgari.soak.calls (100), tgari.soak.call-seconds (6), tgari.soak.long-seconds (600,
 * 0 for none), tgari.soak.route (P2P, TURN or REFLECTOR), tgari.soak.version (8.0.0).
 */
class TgcallsInteropSoak {

    @Test
    void manyCallsAndOneLongCall() throws Exception {
        int calls = Integer.getInteger("tgari.soak.calls", 100);
        int callSeconds = Integer.getInteger("tgari.soak.call-seconds", 6);
        int longSeconds = Integer.getInteger("tgari.soak.long-seconds", 600);
        Route route = Route.valueOf(System.getProperty("tgari.soak.route", "P2P"));
        String version = System.getProperty("tgari.soak.version", "8.0.0");
        Implementation.launcher();
        Path dir = Files.createTempDirectory("tgari-tgcalls-soak");
        var times = new ConnectedTimes();
        List<InteropCall.Result> results = new ArrayList<>();
        InteropCall.Result longCall = null;
        try (var pair = NamespacePair.create(); var relays = RelayServers.start(pair, dir)) {
            for (int i = 0; i < calls; i++) {
                boolean ourEngineCalls = i % 2 == 0;
                var r = InteropCall.run(pair, dir, String.format("call-%03d", i), route.setup(version, relays, callSeconds),
                        ourEngineCalls ? Implementation.TGARI : Implementation.TGCALLS, ourEngineCalls ? Implementation.TGCALLS : Implementation.TGARI);
                System.out.println(r.ok() ? r.summary() : r.details());
                times.add(route + " " + version, r);
                results.add(r);
            }
            if (longSeconds > 0) {
                longCall = InteropCall.run(pair, dir, "long-call", route.setup(version, relays, longSeconds), Implementation.TGARI, Implementation.TGCALLS);
                System.out.println(longCall.ok() ? longCall.summary() : longCall.details());
            }
        }
        System.out.println(summary(route, version, callSeconds, results, longCall));
        System.out.print(times.table());
        System.out.println("soak files (logs, heard audio): " + dir);
        assertThat(results.stream().filter(r -> !r.ok()).map(InteropCall.Result::name).toList()).as("failed calls").isEmpty();
        if (longCall != null) assertThat(longCall.ok()).as(longCall.details()).isTrue();
    }

    private static String summary(Route route, String version, int callSeconds, List<InteropCall.Result> results, InteropCall.Result longCall) {
        long failed = results.stream().filter(r -> !r.ok()).count();
        // per side: calls with bad seconds, bad seconds, calls with silent seconds, silent seconds
        long[] ours = new long[4], theirs = new long[4];
        for (var r : results) {
            for (var p : List.of(r.caller(), r.callee())) {
                long[] side = p.implementation() == Implementation.TGARI ? ours : theirs;
                long bad = p.heard().badSeconds(), silent = p.heard().silentSeconds();
                side[0] += bad > 0 ? 1 : 0;
                side[1] += bad;
                side[2] += silent > 0 ? 1 : 0;
                side[3] += silent;
            }
        }
        var s = new StringBuilder(String.format("soak %s %s: %d calls of %d s, %d failed%n"
                        + "  heard by our engine: %d calls with bad seconds (%d s), %d calls with silent seconds (%d s)%n"
                        + "  heard by tgcalls:    %d calls with bad seconds (%d s), %d calls with silent seconds (%d s)",
                route, version, results.size(), callSeconds, failed, ours[0], ours[1], ours[2], ours[3], theirs[0], theirs[1], theirs[2], theirs[3]));
        if (longCall != null) {
            s.append(String.format("%nlong call: %s", longCall.summary()));
        }
        return s.toString();
    }
}
