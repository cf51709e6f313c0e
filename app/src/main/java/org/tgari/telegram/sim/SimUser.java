package org.tgari.telegram.sim;

/**
 * A user of the simulated Telegram network and what it does when called; {@code afterMs} times what
 * {@link Behaviour#DECLINE} and {@link Behaviour#HANG_UP} do.
 */
public record SimUser(long id, String username, String phone, Behaviour behaviour, long afterMs) {

    public SimUser(long id, String username, String phone, Behaviour behaviour) {
        this(id, username, phone, behaviour, 0);
    }

    public enum Behaviour {
        /** Answers and sends back what it hears. */
        ECHO,
        /** Answers and plays a 1 kHz tone. */
        TONE,
        /** Declines as busy. */
        BUSY,
        /** Rings until the caller gives up. */
        NO_ANSWER,
        /** Answers with another program as its call party (telegram.sim.external-peer: Telegram's own tgcalls). */
        EXTERNAL,
        /** Rings for {@code afterMs}, then declines. */
        DECLINE,
        /** Answers (echoing) and hangs up {@code afterMs} after answering. */
        HANG_UP
    }
}
