package org.tgari.it.harness;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The it-tests' own clean-up of their containers, in place of Testcontainers' ryuk (an image from Docker
 * Hub, which these machines cannot pull, so it-tests/pom.xml disables it). Testcontainers still removes
 * a container when it is stopped and, without ryuk, in a JVM shutdown hook; what neither covers is a JVM
 * that is killed. So every container the harness starts is labelled with its owner JVM (pid and start
 * time, since pids are reused), and containers whose owner is gone are removed before the next one starts.
 */
final class OwnedContainers {

    static final String HARNESS = "org.tgari.it.harness";
    static final String OWNER_PID = "org.tgari.it.owner-pid";
    static final String OWNER_STARTED = "org.tgari.it.owner-started";

    private OwnedContainers() {
    }

    /** The labels that mark a container of {@code kind} as owned by {@code owner}. */
    static Map<String, String> labels(String kind, ProcessHandle owner) {
        return Map.of(HARNESS, kind, OWNER_PID, Long.toString(owner.pid()), OWNER_STARTED, startedOf(owner).orElse("unknown"));
    }

    /** Removes every harness container whose owner process no longer runs; returns their ids. */
    static List<String> removeOrphans(DockerClient docker) {
        List<String> removed = new ArrayList<>();
        for (Container c : harnessContainers(docker)) {
            if (!ownerAlive(c.getLabels())) {
                try {
                    docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                    removed.add(c.getId());
                } catch (NotFoundException alreadyGone) {
                    // another JVM's sweep got there first
                }
            }
        }
        return removed;
    }

    /** Ids of harness containers, running or not, owned by {@code owner}. */
    static List<String> ownedBy(DockerClient docker, ProcessHandle owner) {
        Map<String, String> mine = labels("", owner);
        return harnessContainers(docker).stream()
                .filter(c -> mine.get(OWNER_PID).equals(c.getLabels().get(OWNER_PID))
                        && mine.get(OWNER_STARTED).equals(c.getLabels().get(OWNER_STARTED)))
                .map(Container::getId)
                .toList();
    }

    static boolean ownerAlive(Map<String, String> labels) {
        long pid;
        try {
            pid = Long.parseLong(labels.getOrDefault(OWNER_PID, ""));
        } catch (NumberFormatException e) {
            return false;
        }
        Optional<String> started = ProcessHandle.of(pid).filter(ProcessHandle::isAlive).flatMap(OwnedContainers::startedOf);
        return started.isPresent() && started.get().equals(labels.get(OWNER_STARTED));
    }

    private static List<Container> harnessContainers(DockerClient docker) {
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(HARNESS)).exec();
    }

    private static Optional<String> startedOf(ProcessHandle process) {
        return process.info().startInstant().map(i -> Long.toString(i.toEpochMilli()));
    }
}
