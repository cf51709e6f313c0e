package org.tgari.telegram.sim;

/** A user of the simulated Telegram network and what it does when called. */
public record SimUser(long id, String username, String phone, Behaviour behaviour) {

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
        EXTERNAL
    }
}
