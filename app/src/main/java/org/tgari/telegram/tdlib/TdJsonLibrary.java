package org.tgari.telegram.tdlib;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * TDLib's JSON interface (libtdjson: td_create_client_id, td_send, td_receive, td_execute) bound with the
 * Foreign Function & Memory API. {@code receive} blocks, so only one dedicated thread may call it.
 */
public final class TdJsonLibrary {

    /** Where the installer puts the library (scripts/install-tdjson.sh). */
    public static final Path INSTALL_DIR = Path.of("/var/lib/tgari/tdlib");

    private final Path path;
    // The library stays loaded for the life of the process: TDLib keeps internal threads, and unloading
    // code that running threads execute would crash the JVM.
    private final Arena arena = Arena.global();
    private final MethodHandle createClientId;
    private final MethodHandle send;
    private final MethodHandle receive;
    private final MethodHandle execute;

    private TdJsonLibrary(Path path) {
        this.path = path;
        Linker linker = Linker.nativeLinker();
        SymbolLookup lib = SymbolLookup.libraryLookup(path, arena);
        this.createClientId = linker.downcallHandle(find(lib, "td_create_client_id"), FunctionDescriptor.of(ValueLayout.JAVA_INT));
        this.send = linker.downcallHandle(find(lib, "td_send"), FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        this.receive = linker.downcallHandle(find(lib, "td_receive"), FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_DOUBLE));
        this.execute = linker.downcallHandle(find(lib, "td_execute"), FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    }

    private MemorySegment find(SymbolLookup lib, String name) {
        return lib.find(name).orElseThrow(() -> new TdJsonUnavailable(path + " is not libtdjson: it has no symbol " + name));
    }

    /**
     * Loads libtdjson from, in order: {@code configured} (config key telegram.tdjson), the environment
     * variable TGARI_TDJSON, the installer's directory, the system's library directories.
     */
    public static TdJsonLibrary load(String configured) {
        List<Path> candidates = new ArrayList<>();
        if (configured != null && !configured.isBlank()) candidates.add(Path.of(configured));
        String env = System.getenv("TGARI_TDJSON");
        if (env != null && !env.isBlank()) candidates.add(Path.of(env));
        candidates.add(INSTALL_DIR.resolve("libtdjson.so"));
        for (String dir : List.of("/usr/local/lib", "/usr/lib/x86_64-linux-gnu", "/usr/lib")) {
            candidates.add(Path.of(dir, "libtdjson.so"));
            try (var files = Files.list(Path.of(dir))) {
                files.filter(f -> f.getFileName().toString().startsWith("libtdjson.so.")).sorted().forEach(candidates::add);
            } catch (Exception ignored) {
                // a missing system directory is just one place less to look
            }
        }
        return loadFirst(candidates);
    }

    /** Loads the first candidate that is a working libtdjson; the error names every one tried. */
    static TdJsonLibrary loadFirst(List<Path> candidates) {
        List<String> tried = new ArrayList<>();
        for (Path p : candidates) {
            if (!Files.isRegularFile(p)) {
                tried.add(p + " (missing)");
                continue;
            }
            try {
                return new TdJsonLibrary(p);
            } catch (IllegalArgumentException | TdJsonUnavailable e) {
                tried.add(p + " (" + e.getMessage() + ")");
            }
        }
        throw new TdJsonUnavailable("TDLib's libtdjson was not found; looked in: " + String.join(", ", tried)
                + ". Install it with scripts/install-tdjson.sh, or point telegram.tdjson / TGARI_TDJSON at it.");
    }

    public Path path() {
        return path;
    }

    public int createClientId() {
        try {
            return (int) createClientId.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("td_create_client_id failed", t);
        }
    }

    public void send(int clientId, String json) {
        try (Arena call = Arena.ofConfined()) {
            send.invokeExact(clientId, call.allocateFrom(json));
        } catch (Throwable t) {
            throw new IllegalStateException("td_send failed", t);
        }
    }

    /** Waits up to {@code timeoutSeconds} for the next response or update; null when none came. */
    public String receive(double timeoutSeconds) {
        try {
            MemorySegment p = (MemorySegment) receive.invokeExact(timeoutSeconds);
            return string(p);
        } catch (Throwable t) {
            throw new IllegalStateException("td_receive failed", t);
        }
    }

    /** Runs a request TDLib can answer synchronously (no network). */
    public String execute(String json) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment p = (MemorySegment) execute.invokeExact(call.allocateFrom(json));
            return string(p);
        } catch (Throwable t) {
            throw new IllegalStateException("td_execute failed", t);
        }
    }

    /** TDLib owns the returned string until the next call on this thread: copy it at once. */
    private static String string(MemorySegment p) {
        if (p == null || p.equals(MemorySegment.NULL)) return null;
        return p.reinterpret(Integer.MAX_VALUE).getString(0);
    }
}
