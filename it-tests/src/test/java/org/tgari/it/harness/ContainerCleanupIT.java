package org.tgari.it.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * The harness's container path cleans up after itself, ryuk being off: a closed Asterisk leaves no
 * container, and a container whose owner JVM died is removed before the next one starts.
 */
class ContainerCleanupIT {

    static DockerClient docker;

    @BeforeAll
    static void needsTheImage() {
        ContainerImages.requireOrSkip(ContainerAsterisk.DEFAULT_IMAGE);
        docker = DockerClientFactory.instance().client();
    }

    @Test
    void closedAsteriskLeavesNoContainer() throws Exception {
        String id;
        try (AsteriskInstance asterisk = Asterisks.start(Asterisks.Backend.DOCKER)) {
            id = ((ContainerAsterisk) asterisk).containerId();
            assertThat(OwnedContainers.ownedBy(docker, ProcessHandle.current())).contains(id);
            assertThat(asterisk.cli("core show version")).contains("Asterisk 22");
        }
        assertThat(OwnedContainers.ownedBy(docker, ProcessHandle.current())).doesNotContain(id);
        assertThatThrownBy(() -> docker.inspectContainerCmd(id).exec()).isInstanceOf(NotFoundException.class);
    }

    @Test
    void containerOfADeadOwnerIsRemovedAndOneOfALiveOwnerKept() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Map<String, String> deadOwner = new HashMap<>(OwnedContainers.labels("asterisk", ProcessHandle.current()));
        deadOwner.put(OwnedContainers.OWNER_PID, Long.toString(finished.pid()));
        String orphan = sleeper(deadOwner);
        String mine = sleeper(OwnedContainers.labels("asterisk", ProcessHandle.current()));
        try {
            assertThat(OwnedContainers.removeOrphans(docker)).contains(orphan).doesNotContain(mine);
            assertThatThrownBy(() -> docker.inspectContainerCmd(orphan).exec()).isInstanceOf(NotFoundException.class);
            assertThat(docker.inspectContainerCmd(mine).exec().getState().getRunning()).isTrue();
        } finally {
            docker.removeContainerCmd(mine).withForce(true).exec();
            try {
                docker.removeContainerCmd(orphan).withForce(true).exec();
            } catch (NotFoundException expected) {
                // removed by the sweep, as asserted above
            }
        }
    }

    @Test
    void ownerIsAliveOnlyWithTheSamePidAndStartTime() {
        Map<String, String> mine = OwnedContainers.labels("asterisk", ProcessHandle.current());
        assertThat(OwnedContainers.ownerAlive(mine)).isTrue();
        Map<String, String> reusedPid = new HashMap<>(mine);
        reusedPid.put(OwnedContainers.OWNER_STARTED, "0");
        assertThat(OwnedContainers.ownerAlive(reusedPid)).isFalse();
        assertThat(OwnedContainers.ownerAlive(Map.of())).isFalse();
    }

    @Test
    void anEngineWithoutTheImageIsNotUsable() {
        // What keeps Asterisks from choosing Docker merely because an engine (or its socket) is there.
        assertThat(ContainerImages.missing("tgari/no-such-image:local")).hasValue("the engine has no image tgari/no-such-image:local");
        assertThat(ContainerImages.missing(ContainerAsterisk.DEFAULT_IMAGE)).isEmpty();
    }

    private static String sleeper(Map<String, String> labels) {
        String id = docker.createContainerCmd(ContainerAsterisk.DEFAULT_IMAGE)
                .withLabels(labels)
                .withCmd("sleep", "300")
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host"))
                .exec().getId();
        docker.startContainerCmd(id).exec();
        return id;
    }
}
