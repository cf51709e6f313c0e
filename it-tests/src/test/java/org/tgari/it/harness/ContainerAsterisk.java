package org.tgari.it.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * Asterisk in a container, for machines with a Docker engine. Host networking, because RTP is UDP in
 * both directions (ExternalMedia sends to the JVM) and Testcontainers maps TCP ports only; the port
 * block keeps parallel runs apart.
 */
final class ContainerAsterisk implements AsteriskInstance {

    /** Debian-based Asterisk 22 image; override with -Dtgari.asterisk.image. */
    static final String DEFAULT_IMAGE = "andrius/asterisk:22.5.2_debian-trixie";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final PortBlock ports;
    private final AriProbe ari;
    private final GenericContainer<?> container;
    private String version;

    private ContainerAsterisk(String image, Path etcDir, PortBlock ports) throws Exception {
        this.ports = ports;
        this.ari = new AriProbe(ariBaseUrl(), ChrootAsterisk.USER, ChrootAsterisk.PASSWORD);
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image)).withNetworkMode("host");
        try (Stream<Path> files = Files.list(etcDir)) {
            for (Path file : files.toList()) {
                c = c.withCopyFileToContainer(MountableFile.forHostPath(file, 0644), "/etc/asterisk/" + file.getFileName());
            }
        }
        this.container = c;
    }

    static ContainerAsterisk start(String image, Path etcDir, PortBlock ports) throws Exception {
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
        Container.ExecResult result = container.execInContainer(List.of("asterisk", "-rx", command).toArray(String[]::new));
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

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return "Asterisk " + version + " (container " + container.getDockerImageName() + ", " + ports + ")";
    }
}
