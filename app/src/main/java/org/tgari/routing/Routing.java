package org.tgari.routing;

import java.util.Map;

/** The routing of a whole gateway: each line's rules (a line not named has the defaults) and the IVR. */
public record Routing(Map<String, LineRouting> lines, IvrSettings ivr) {

    public static final Routing DEFAULT = new Routing(Map.of(), IvrSettings.DEFAULT);

    public Routing {
        lines = Map.copyOf(lines);
    }

    public LineRouting line(String name) {
        LineRouting r = lines.get(name);
        return r != null ? r : LineRouting.defaults(name);
    }
}
