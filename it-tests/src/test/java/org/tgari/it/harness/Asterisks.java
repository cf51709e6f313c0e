package org.tgari.it.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.random.RandomGenerator;
import org.testcontainers.DockerClientFactory;

/**
 * Starts a real Asterisk 22 for a test: in a container when a Docker engine answers, else from the
 * local Debian sid chroot (scripts/install-asterisk.sh). Each call gets its own free port block.
 * {@code -Dtgari.asterisk.backend=chroot|docker} forces the choice; {@code -Dtgari.asterisk.image} picks the image.
 */
public final class Asterisks {

    private Asterisks() {
    }

    public static AsteriskInstance start() {
        Path repoRoot = StackConfig.repoRoot();
        PortBlock ports = PortBlock.findFree(RandomGenerator.getDefault());
        try {
            if (useDocker()) {
                Path etcDir = Files.createTempDirectory("tgari-asterisk-etc");
                StackConfig.write(repoRoot, etcDir, ports);
                return ContainerAsterisk.start(System.getProperty("tgari.asterisk.image", ContainerAsterisk.DEFAULT_IMAGE), etcDir, ports);
            }
            return ChrootAsterisk.start(repoRoot, ports);
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Asterisk", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start Asterisk: " + e.getMessage(), e);
        }
    }

    private static boolean useDocker() {
        String backend = System.getProperty("tgari.asterisk.backend", "auto").toLowerCase(Locale.ROOT);
        return switch (backend) {
            case "docker" -> true;
            case "chroot" -> false;
            case "auto" -> dockerEngineAnswers();
            default -> throw new IllegalArgumentException("tgari.asterisk.backend must be auto, docker or chroot, not " + backend);
        };
    }

    // Testcontainers logs an ERROR when it finds no engine; skip asking it when nothing hints at one.
    private static boolean dockerEngineAnswers() {
        boolean hinted = System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"))
                || (System.getenv("XDG_RUNTIME_DIR") != null && Files.exists(Path.of(System.getenv("XDG_RUNTIME_DIR"), "docker.sock")));
        if (!hinted) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
