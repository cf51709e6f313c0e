package org.tgari.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * Asterisk in a container of the locally built image (scripts/build-images.sh), for machines with a
 * Docker engine. Host networking, because RTP is UDP in both directions (ExternalMedia sends to the JVM)
 * and Testcontainers maps TCP ports only; the port block keeps parallel runs apart. The configuration
 * directory goes to /config, where the image's start script copies it from into /etc/asterisk.
 */
final class ContainerAsterisk implements AsteriskInstance {

    /** The image scripts/build-images.sh builds; override with -Dtgari.asterisk.image. */
    static final String DEFAULT_IMAGE = "tgari/asterisk:local";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final PortBlock ports;
    private final Path etcDir;
    private final AriProbe ari;
    private final GenericContainer<?> container;
    private String version;

    private ContainerAsterisk(String image, Path etcDir, PortBlock ports) {
        this.ports = ports;
        this.etcDir = etcDir;
        this.ari = new AriProbe(ariBaseUrl(), ChrootAsterisk.USER, ChrootAsterisk.PASSWORD);
        this.container = new GenericContainer<>(DockerImageName.parse(image))
                .withNetworkMode("host")
                // The image is built here, never pulled: a registry that cannot be reached would only time out.
                .withImagePullPolicy(name -> false)
                // Copied in before each start rather than bind-mounted: Testcontainers checks that bind mounts
                // work by running alpine, which would have to come from Docker Hub (a 2-minute pull timeout here).
                .withCopyFileToContainer(MountableFile.forHostPath(etcDir), "/config")
                .withEnv("TGARI_ASTERISK_CONFIG_DIRS", "/config")
                .withLabels(OwnedContainers.labels("asterisk", ProcessHandle.current()));
    }

    /** Starts the image with the configuration in {@code etcDir}, which this instance owns and deletes on close. */
    static ContainerAsterisk start(String image, Path etcDir, PortBlock ports) throws Exception {
        OwnedContainers.removeOrphans(DockerClientFactory.instance().client());
        ContainerAsterisk asterisk = new ContainerAsterisk(image, etcDir, ports);
        try {
            asterisk.launch();
        } catch (Exception e) {
            asterisk.close();
            throw e;
        }
        return asterisk;
    }

    private void launch() throws Exception {
        container.start();
        version = ari.awaitVersion(START_TIMEOUT, () -> container.isRunning()
                ? Optional.empty()
                : Optional.of("the Asterisk container stopped during start-up:\n" + container.getLogs()));
        cli("core waitfullybooted");
    }

    @Override
    public String ariBaseUrl() {
        return "http://127.0.0.1:" + ports.httpPort();
    }

    @Override
    public String ariUser() {
        return ChrootAsterisk.USER;
    }

    @Override
    public String ariPassword() {
        return ChrootAsterisk.PASSWORD;
    }

    @Override
    public int sipPort() {
        return ports.sipPort();
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String cli(String command) throws Exception {
        Container.ExecResult result = container.execInContainer("asterisk", "-rx", command);
        if (result.getExitCode() != 0) {
            throw new IllegalStateException("asterisk -rx '" + command + "' failed (" + result.getExitCode() + "): "
                    + result.getStdout() + result.getStderr());
        }
        return result.getStdout();
    }

    @Override
    public void restart() throws Exception {
        container.stop();
        launch();
    }

    /** Testcontainers stops a container by killing it, so this is {@link #restart}. */
    @Override
    public void killAndRestart() throws Exception {
        restart();
    }

    /** The container's id while it runs (for tests of the clean-up), else null. */
    String containerId() {
        return container.getContainerId();
    }

    @Override
    public void close() {
        try {
            container.stop();
        } finally {
            deleteTree(etcDir);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    @Override
    public String toString() {
        return "Asterisk " + version + " (container " + container.getDockerImageName() + ", " + ports + ")";
    }
}
