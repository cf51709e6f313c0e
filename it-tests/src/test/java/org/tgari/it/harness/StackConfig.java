package org.tgari.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Copies the shipped stack (asterisk-config/*.conf plus dialplans/telegram.conf) into a directory
 * and moves it onto a {@link PortBlock}: http.conf bindport, pjsip.conf transport bind, rtp.conf range.
 */
public final class StackConfig {

    private StackConfig() {
    }

    /** The repository root, from the {@code tgari.repo.root} system property that it-tests/pom.xml sets. */
    public static Path repoRoot() {
        String root = System.getProperty("tgari.repo.root");
        Path path = root != null ? Path.of(root) : Path.of("..");
        path = path.toAbsolutePath().normalize();
        if (!Files.isDirectory(path.resolve("asterisk-config"))) {
            throw new IllegalStateException("no asterisk-config/ under " + path + " (set -Dtgari.repo.root)");
        }
        return path;
    }

    /** Writes the rewritten configuration files into {@code etcDir} (created if needed). */
    public static void write(Path repoRoot, Path etcDir, PortBlock ports) {
        try {
            Files.createDirectories(etcDir);
            try (Stream<Path> files = Files.list(repoRoot.resolve("asterisk-config"))) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".conf")).toList()) {
                    Files.writeString(etcDir.resolve(file.getFileName()), Files.readString(file));
                }
            }
            Files.writeString(etcDir.resolve("telegram.conf"), Files.readString(repoRoot.resolve("dialplans/telegram.conf")));
            rewrite(etcDir.resolve("http.conf"), List.of(
                    new Edit("(?m)^bindport=.*$", "bindport=" + ports.httpPort())));
            rewrite(etcDir.resolve("pjsip.conf"), List.of(
                    new Edit("(?m)^bind=127\\.0\\.0\\.1:\\d+.*$", "bind=127.0.0.1:" + ports.sipPort())));
            rewrite(etcDir.resolve("rtp.conf"), List.of(
                    new Edit("(?m)^rtpstart=.*$", "rtpstart=" + ports.rtpStart()),
                    new Edit("(?m)^rtpend=.*$", "rtpend=" + ports.rtpEnd())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Asterisk configuration into " + etcDir, e);
        }
    }

    private record Edit(String regex, String replacement) {
    }

    // A shipped file that no longer has the line we rewrite must fail loudly, not run on default ports.
    private static void rewrite(Path file, List<Edit> edits) throws IOException {
        String text = Files.readString(file);
        for (Edit edit : edits) {
            Matcher matcher = Pattern.compile(edit.regex()).matcher(text);
            if (!matcher.find()) {
                throw new IllegalStateException(file.getFileName() + " has no line matching " + edit.regex());
            }
            text = matcher.replaceAll(Matcher.quoteReplacement(edit.replacement()));
        }
        Files.writeString(file, text);
    }
}
