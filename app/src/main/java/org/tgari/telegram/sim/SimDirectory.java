package org.tgari.telegram.sim;

import java.util.List;
import java.util.Optional;
import org.tgari.routing.Target;

/** The fixed users of the simulated network (documented in docs/demo.md). */
public final class SimDirectory {

    private static final List<SimUser> FIXED = List.of(
            new SimUser(1001, "echo", "15550001", SimUser.Behaviour.ECHO),
            new SimUser(1002, "tone", "15550002", SimUser.Behaviour.TONE),
            new SimUser(1003, "busy", "15550003", SimUser.Behaviour.BUSY),
            new SimUser(1004, "noanswer", "15550004", SimUser.Behaviour.NO_ANSWER));
    private static final SimUser EXTERNAL = new SimUser(1005, "tgcalls", "15550005", SimUser.Behaviour.EXTERNAL);

    private final List<SimUser> users;

    /** The fixed users, and {@code @tgcalls} when an external far end is configured. */
    public SimDirectory(boolean withExternalPeer) {
        this.users = withExternalPeer ? java.util.stream.Stream.concat(FIXED.stream(), java.util.stream.Stream.of(EXTERNAL)).toList() : FIXED;
    }

    public List<SimUser> users() {
        return users;
    }

    public Optional<SimUser> find(Target target) {
        return users.stream().filter(u -> switch (target) {
            case Target.Phone p -> u.phone().equals(p.digits());
            case Target.UserId id -> u.id() == id.id();
            case Target.Username n -> u.username().equals(n.name());
        }).findFirst();
    }

    public Optional<SimUser> byId(long id) {
        return users.stream().filter(u -> u.id() == id).findFirst();
    }
}
