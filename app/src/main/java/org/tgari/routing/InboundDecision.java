package org.tgari.routing;

import java.util.Map;

/** What a line does with one incoming Telegram call, decided before anything touches Asterisk. */
public sealed interface InboundDecision {

    /** Decline the Telegram call; {@code reason} is for the log. */
    record Decline(String reason) implements InboundDecision {}

    /**
     * Originate {@code channel} showing {@code callerId} and setting {@code variables} on it; accept the
     * Telegram call only when it answers.
     */
    record Dial(LocalChannel channel, CallerId callerId, Map<String, String> variables) implements InboundDecision {
        public Dial { variables = Map.copyOf(variables); }
    }

    /**
     * Accept at once and run an {@link ExtensionAsk} with {@code settings}; the extension it yields is
     * dialled in {@code context} by {@link #dial}.
     */
    record Ask(String context, AskSettings settings, CallerId callerId, Map<String, String> variables) implements InboundDecision {
        public Ask { variables = Map.copyOf(variables); }

        /** The dial for the extension the caller named; the extension was checked by {@link AskSettings#accepts}. */
        public Dial dial(String extension) {
            return new Dial(new LocalChannel(extension, context), callerId, variables);
        }
    }
}
