package org.tgari.it.tgcalls;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Connected times (process start to STATE connected) gathered over a test run, per route and kind of
 * call, printed as one comparison table: our engine, tgcalls facing it, and tgcalls facing tgcalls.
 */
public final class ConnectedTimes {

    private final Map<String, List<Long>> byKey = new TreeMap<>();

    /** Notes both parties' times of one call under "route version". */
    public synchronized void add(String routeAndVersion, InteropCall.Result r) {
        for (var p : List.of(r.caller(), r.callee())) {
            if (p.connectedMillis() < 0) continue;
            boolean mixed = r.caller().implementation() != r.callee().implementation();
            String who = mixed ? p.implementation().label() + " (facing the other)" : "tgcalls <-> tgcalls";
            byKey.computeIfAbsent(routeAndVersion + " | " + who, k -> new ArrayList<>()).add(p.connectedMillis());
            if (p.implementation() == Implementation.TGARI) {
                byKey.computeIfAbsent(routeAndVersion + " | tgari engine, from its begin", k -> new ArrayList<>())
                        .add(p.connectedMillis() - p.begunMillis());
            }
        }
    }

    /** One line per route, version and party kind: calls, median, min and max in ms. */
    public synchronized String table() {
        var s = new StringBuilder("Connected times, from process start (ms):\n");
        byKey.forEach((k, v) -> {
            List<Long> sorted = v.stream().sorted().toList();
            s.append(String.format("  %-50s n=%-3d median %5d  min %5d  max %5d%n", k, sorted.size(),
                    sorted.get(sorted.size() / 2), sorted.getFirst(), sorted.getLast()));
        });
        return s.toString();
    }
}
