package org.tgari.it.tgcalls;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One party of a call, in the command-line terms both implementations share. */
public record PartySpec(String version, boolean outgoing, String keyHex, Path servers, boolean allowP2p,
                        Path in, Path out, int seconds) {

    List<String> commonArguments() {
        List<String> a = new ArrayList<>(List.of("--version", version, outgoing ? "--outgoing" : "--incoming",
                "--key-hex", keyHex, "--in", in.toString(), "--out", out.toString(), "--seconds", Integer.toString(seconds)));
        if (servers != null) a.addAll(List.of("--servers", servers.toString()));
        if (allowP2p) a.add("--allow-p2p");
        return a;
    }
}
