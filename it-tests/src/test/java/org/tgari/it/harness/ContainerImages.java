package org.tgari.it.harness;

import com.github.dockerjava.api.exception.NotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * Whether this machine can run tgari's containers without a registry: an engine answers and the
 * locally built images (scripts/build-images.sh) are there. A socket file alone proves neither (a
 * stopped dockerd leaves it behind, and without the image Testcontainers would try to pull it).
 */
public final class ContainerImages {

    private ContainerImages() {
    }

    /** True when a Docker engine answers and has every one of {@code images}. */
    public static boolean present(String... images) {
        return missing(images).isEmpty();
    }

    /** Why the images cannot be used, or empty when they can. */
    public static Optional<String> missing(String... images) {
        if (!engineHinted()) {
            return Optional.of("no Docker socket or DOCKER_HOST");
        }
        try {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                return Optional.of("no Docker engine answers");
            }
            for (String image : images) {
                try {
                    DockerClientFactory.instance().client().inspectImageCmd(image).exec();
                } catch (NotFoundException noImage) {
                    return Optional.of("the engine has no image " + image);
                }
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("asking the Docker engine failed: " + e);
        }
    }

    /**
     * For tests of the container path itself: skips them where there is no engine or no image, and fails
     * them instead when {@code TGARI_REQUIRE_DOCKER=1} (scripts/test.sh sets it, having built the images),
     * so that CI cannot pass by skipping.
     */
    public static void requireOrSkip(String... images) {
        Optional<String> missing = missing(images);
        String what = "a Docker engine with " + List.of(images) + " (scripts/install-docker.sh, scripts/build-images.sh)";
        if ("1".equals(System.getenv("TGARI_REQUIRE_DOCKER")) && missing.isPresent()) {
            throw new IllegalStateException("TGARI_REQUIRE_DOCKER=1 but " + missing.get() + "; needs " + what);
        }
        Assumptions.assumeTrue(missing.isEmpty(), () -> "needs " + what + ": " + missing.orElse(""));
    }

    // Testcontainers logs an ERROR when it finds no engine; skip asking it when nothing hints at one.
    private static boolean engineHinted() {
        return System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"))
                || (System.getenv("XDG_RUNTIME_DIR") != null && Files.exists(Path.of(System.getenv("XDG_RUNTIME_DIR"), "docker.sock")));
    }
}
