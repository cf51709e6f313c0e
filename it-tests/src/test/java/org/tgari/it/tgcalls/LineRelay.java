package org.tgari.it.tgcalls;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One direction of a call's signaling: SIG lines from one party to the other's stdin. Lines emitted
 * before the receiving party exists are kept and handed over, in order, when it is attached.
 */
final class LineRelay implements Consumer<String> {

    private final ArrayDeque<String> waiting = new ArrayDeque<>();
    private PartyProcess target;

    @Override
    public synchronized void accept(String line) {
        if (target == null) waiting.add(line);
        else target.deliver(line);
    }

    synchronized void attach(PartyProcess party) {
        target = party;
        String line;
        while ((line = waiting.poll()) != null) party.deliver(line);
    }
}
