package org.tgari.telegram.sim;

import java.util.List;
import java.util.Optional;
import org.tgari.routing.Target;

/**
 * The users of the simulated network (documented in docs/demo.md): fixed ones, and timed ones made up
 * from their name, {@code @declineN} (declines after ringing N ms) and {@code @hangupN} (hangs up N ms
 * after answering), which let a test choose when the far end acts.
 */
public final class SimDirectory {

    private static final List<SimUser> FIXED = List.of(
            new SimUser(1001, "echo", "15550001", SimUser.Behaviour.ECHO),
            new SimUser(1002, "tone", "15550002", SimUser.Behaviour.TONE),
            new SimUser(1003, "busy", "15550003", SimUser.Behaviour.BUSY),
            new SimUser(1004, "noanswer", "15550004", SimUser.Behaviour.NO_ANSWER));
    private static final SimUser EXTERNAL = new SimUser(1005, "tgcalls", "15550005", SimUser.Behaviour.EXTERNAL);

    private static final java.util.regex.Pattern TIMED = java.util.regex.Pattern.compile("(decline|hangup)(\\d{1,7})");
    // Timed users' ids: a base per behaviour plus N, far above the fixed users' and below no real id we meet.
    private static final long DECLINE_BASE = 2_000_000_000L;
    private static final long HANG_UP_BASE = 3_000_000_000L;
    private static final long TIMED_SPAN = 10_000_000L;

    private final List<SimUser> users;

    /** The fixed users, and {@code @tgcalls} when an external far end is configured. */
    public SimDirectory(boolean withExternalPeer) {
        this.users = withExternalPeer ? java.util.stream.Stream.concat(FIXED.stream(), java.util.stream.Stream.of(EXTERNAL)).toList() : FIXED;
    }

    public List<SimUser> users() {
        return users;
    }

    public Optional<SimUser> find(Target target) {
        if (target instanceof Target.Username n) {
            var m = TIMED.matcher(n.name());
            if (m.matches()) return byId((m.group(1).equals("decline") ? DECLINE_BASE : HANG_UP_BASE) + Long.parseLong(m.group(2)));
        }
        return users.stream().filter(u -> switch (target) {
            case Target.Phone p -> u.phone().equals(p.digits());
            case Target.UserId id -> u.id() == id.id();
            case Target.Username n -> u.username().equals(n.name());
        }).findFirst();
    }

    public Optional<SimUser> byId(long id) {
        if (id >= DECLINE_BASE && id < DECLINE_BASE + TIMED_SPAN) {
            long ms = id - DECLINE_BASE;
            return Optional.of(new SimUser(id, "decline" + ms, "", SimUser.Behaviour.DECLINE, ms));
        }
        if (id >= HANG_UP_BASE && id < HANG_UP_BASE + TIMED_SPAN) {
            long ms = id - HANG_UP_BASE;
            return Optional.of(new SimUser(id, "hangup" + ms, "", SimUser.Behaviour.HANG_UP, ms));
        }
        return users.stream().filter(u -> u.id() == id).findFirst();
    }
}
