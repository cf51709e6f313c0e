package org.tgari.voip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's package rules, read from its sources: no cycle between the voip packages (each
 * protocol layer depends only on the ones below it), and nothing of the gateway in the engine. The
 * engine may use three shared building blocks: the media clock's time grid (so its sockets and timers
 * wake with the media ticks), the RTP packet and sender, and the big-endian field helpers of
 * {@code org.tgari.wire}; those must in turn depend on nothing of the gateway.
 */
class VoipPackagesTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final String VOIP = "org.tgari.voip";
    private static final Set<String> SHARED_BUILDING_BLOCKS = Set.of("org.tgari.media.clock", "org.tgari.media.rtp", "org.tgari.wire");
    /** What a shared building block may use besides the JDK and libraries: media and the wire helpers. */
    private static final List<String> BELOW_THE_GATEWAY = List.of("org.tgari.media", "org.tgari.wire", VOIP);
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** An import, or a name written out in the code: org.tgari, lower-case package segments, then a type. */
    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.tgari(?:\\.[a-z_][a-z0-9_]*)*\\.[A-Z]");
    private static final Pattern IMPORT_ALL = Pattern.compile("^import\\s+(org\\.tgari[\\w.]*)\\.\\*\\s*;", Pattern.MULTILINE);
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    /** Package → the org.tgari packages its sources refer to (itself left out). */
    static Map<String, Set<String>> dependencies(Path root, String prefix) {
        Map<String, Set<String>> deps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root.resolve(prefix.replace('.', '/')))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String code = COMMENT.matcher(Files.readString(f)).replaceAll(" ");
                Matcher pm = PACKAGE.matcher(code);
                assertThat(pm.find()).as("%s has a package line", f).isTrue();
                String pkg = pm.group(1);
                Set<String> out = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(code);
                while (m.find()) {
                    String ref = m.group();
                    String refPkg = ref.substring(0, ref.length() - 2); // drop ".X"
                    if (!refPkg.equals(pkg)) out.add(refPkg);
                }
                Matcher all = IMPORT_ALL.matcher(code);
                while (all.find()) if (!all.group(1).equals(pkg)) out.add(all.group(1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return deps;
    }

    /** Every cycle's packages, as found by a depth-first walk (empty when the graph has none). */
    static List<List<String>> cycles(Map<String, Set<String>> deps) {
        List<List<String>> found = new ArrayList<>();
        Set<String> done = new TreeSet<>();
        for (String start : deps.keySet()) walk(start, deps, new ArrayList<>(), done, found);
        return found;
    }

    private static void walk(String pkg, Map<String, Set<String>> deps, List<String> path, Set<String> done, List<List<String>> found) {
        int at = path.indexOf(pkg);
        if (at >= 0) {
            var cycle = new ArrayList<>(path.subList(at, path.size()));
            cycle.add(pkg);
            found.add(cycle);
            return;
        }
        if (done.contains(pkg)) return;
        path.add(pkg);
        for (String next : deps.getOrDefault(pkg, Set.of())) if (deps.containsKey(next)) walk(next, deps, path, done, found);
        path.removeLast();
        done.add(pkg);
    }

    private static boolean inVoip(String pkg) {
        return pkg.equals(VOIP) || pkg.startsWith(VOIP + ".");
    }

    @Test
    void theVoipPackagesFormNoCycle() {
        Map<String, Set<String>> deps = dependencies(SOURCES, VOIP);
        assertThat(deps).as("the voip sources were found").containsKeys(VOIP + ".ice", VOIP + ".net", VOIP + ".turn", VOIP + ".stun");
        Map<String, Set<String>> withinVoip = new TreeMap<>();
        deps.forEach((pkg, out) -> withinVoip.put(pkg, new TreeSet<>(out.stream().filter(VoipPackagesTest::inVoip).toList())));
        assertThat(cycles(withinVoip)).as("package cycles").isEmpty();
    }

    @Test
    void theEngineUsesNothingOfTheGateway() {
        List<String> violations = new ArrayList<>();
        dependencies(SOURCES, VOIP).forEach((pkg, out) -> out.stream()
                .filter(ref -> !inVoip(ref) && !SHARED_BUILDING_BLOCKS.contains(ref))
                .forEach(ref -> violations.add(pkg + " -> " + ref)));
        assertThat(violations).as("voip classes importing org.tgari outside org.tgari.voip").isEmpty();
    }

    @Test
    void theSharedBuildingBlocksUseNothingOfTheGatewayEither() {
        List<String> violations = new ArrayList<>();
        for (String block : SHARED_BUILDING_BLOCKS) {
            dependencies(SOURCES, block).forEach((pkg, out) -> out.stream()
                    .filter(ref -> BELOW_THE_GATEWAY.stream().noneMatch(ok -> ref.equals(ok) || ref.startsWith(ok + ".")))
                    .forEach(ref -> violations.add(pkg + " -> " + ref)));
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void theCheckSeesACycleAndAGatewayImport(@TempDir Path root) throws IOException {
        write(root, "org/tgari/voip/a/A.java", "package org.tgari.voip.a;\nimport org.tgari.voip.b.B;\nclass A {}\n");
        write(root, "org/tgari/voip/b/B.java", "package org.tgari.voip.b;\n// import org.tgari.voip.c.C; (a comment)\nclass B { org.tgari.voip.a.A a; }\n");
        write(root, "org/tgari/voip/c/C.java", "package org.tgari.voip.c;\nimport org.tgari.gateway.OutboundCall;\nimport org.tgari.routing.*;\nclass C {}\n");
        Map<String, Set<String>> deps = dependencies(root, VOIP);
        assertThat(cycles(deps)).containsExactly(List.of("org.tgari.voip.a", "org.tgari.voip.b", "org.tgari.voip.a"));
        assertThat(deps.get("org.tgari.voip.c")).containsExactly("org.tgari.gateway", "org.tgari.routing");
        assertThat(deps.get("org.tgari.voip.b")).containsExactly("org.tgari.voip.a");
    }

    private static void write(Path root, String file, String text) throws IOException {
        Path p = root.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
