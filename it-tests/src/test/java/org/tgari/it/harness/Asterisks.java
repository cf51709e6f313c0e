package org.tgari.it.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Starts a real Asterisk 22 for a test, each on its own free port block: in a container (Testcontainers,
 * the image scripts/build-images.sh builds) when a Docker engine answers and has that image, else from
 * the local Debian sid chroot (scripts/install-asterisk.sh).
 *
 * <p>{@code TGARI_TEST_ASTERISK=auto|docker|chroot} (or {@code -Dtgari.asterisk.backend}) forces the choice;
 * {@code -Dtgari.asterisk.image} picks the image.
 */
public final class Asterisks {

    /** Which way Asterisk is started. */
    public enum Backend { DOCKER, CHROOT }

    private Asterisks() {
    }

    public static AsteriskInstance start() {
        return start(backend());
    }

    /** Starts Asterisk the given way, whatever the override and the machine say (for tests of one path). */
    static AsteriskInstance start(Backend backend) {
        Path repoRoot = StackConfig.repoRoot();
        PortBlock ports = PortBlock.findFree(RandomGenerator.getDefault());
        try {
            if (backend == Backend.DOCKER) {
                Path etcDir = Files.createTempDirectory("tgari-asterisk-etc");
                StackConfig.write(repoRoot, etcDir, ports);
                return ContainerAsterisk.start(image(), etcDir, ports);
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

    /** The backend {@link #start()} uses, from the override or from what this machine offers. */
    public static Backend backend() {
        String choice = System.getenv("TGARI_TEST_ASTERISK");
        if (choice == null || choice.isBlank()) {
            choice = System.getProperty("tgari.asterisk.backend", "auto");
        }
        return switch (choice.toLowerCase(Locale.ROOT)) {
            case "docker" -> Backend.DOCKER;
            case "chroot" -> Backend.CHROOT;
            case "auto" -> dockerUsable() ? Backend.DOCKER : Backend.CHROOT;
            default -> throw new IllegalArgumentException(
                    "TGARI_TEST_ASTERISK / tgari.asterisk.backend must be auto, docker or chroot, not " + choice);
        };
    }

    static String image() {
        return System.getProperty("tgari.asterisk.image", ContainerAsterisk.DEFAULT_IMAGE);
    }

    /**
     * Docker only when it can work without a registry: an engine answers with the Asterisk image, and ryuk
     * is off (its image would have to come from Docker Hub; it-tests/pom.xml turns it off).
     */
    private static boolean dockerUsable() {
        return "true".equalsIgnoreCase(System.getenv("TESTCONTAINERS_RYUK_DISABLED")) && ContainerImages.present(image());
    }
}
