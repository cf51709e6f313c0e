package org.tgari.routing;

import java.util.Optional;
import org.tgari.telegram.TelegramUser;

/**
 * One line's rules for incoming Telegram calls: the mode, where {@code extension} mode rings
 * ({@code extension} in {@code context}; ask mode dials the asked-for extension in {@code context}),
 * who may call, and how the caller is shown to the SIP side.
 */
public record InboundRoute(InboundMode mode, String extension, String context, CallerFilter filter,
                           CallerIdTemplates callerId, AskSettings ask) {

    public static final InboundRoute REJECT_ALL = new InboundRoute(InboundMode.REJECT, "", "from-telegram",
            CallerFilter.ANYONE, CallerIdTemplates.DEFAULT, AskSettings.DEFAULT);

    public InboundRoute {
        if (mode == InboundMode.EXTENSION) new LocalChannel(extension, context);
        if (mode == InboundMode.ASK) new LocalChannel("s", context);
    }

    /** The decision for {@code caller} calling line {@code line}. */
    public InboundDecision decide(TelegramUser caller, String line) {
        if (mode == InboundMode.REJECT) return new InboundDecision.Decline("line " + line + " takes no incoming calls (inbound.mode = reject)");
        Optional<String> refused = filter.refusal(caller);
        if (refused.isPresent()) return new InboundDecision.Decline(refused.get() + " of line " + line);
        CallerId shown = callerId.render(caller);
        var vars = CallerIdTemplates.channelVariables(caller, line);
        return switch (mode) {
            case EXTENSION -> new InboundDecision.Dial(new LocalChannel(extension, context), shown, vars);
            case ASK -> new InboundDecision.Ask(context, ask, shown, vars);
            case REJECT -> throw new AssertionError();
        };
    }
}
