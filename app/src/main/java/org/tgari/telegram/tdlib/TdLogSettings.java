package org.tgari.telegram.tdlib;

import java.nio.file.Path;

/** Sends TDLib's own log to a file at a chosen verbosity, never to stdout; apply before the first client. */
public final class TdLogSettings {
    private TdLogSettings() {}

    public static void apply(TdJsonClient td, Path logFile, int verbosity) {
        var stream = td.request("logStreamFile").put("path", logFile.toString()).put("max_file_size", 10L * 1024 * 1024).put("redirect_stderr", false);
        var setStream = td.request("setLogStream");
        setStream.set("log_stream", stream);
        check(td.execute(setStream), "setLogStream");
        check(td.execute(td.request("setLogVerbosityLevel").put("new_verbosity_level", verbosity)), "setLogVerbosityLevel");
    }

    private static void check(com.fasterxml.jackson.databind.JsonNode answer, String what) {
        if (answer == null || "error".equals(answer.path("@type").asText())) {
            throw new IllegalStateException("TDLib refused " + what + ": " + answer);
        }
    }
}
