package org.tgari.routing;

import java.util.List;
import java.util.Optional;
import org.tgari.telegram.TelegramUser;

/**
 * Which Telegram callers a line takes: none of {@code deny} may match (deny wins), and when
 * {@code allow} is not empty one of its patterns must match.
 */
public record CallerFilter(List<CallerPattern> allow, List<CallerPattern> deny) {

    public static final CallerFilter ANYONE = new CallerFilter(List.of(), List.of());

    public CallerFilter {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    /** Why {@code user} is refused, or empty when the line takes the call. */
    public Optional<String> refusal(TelegramUser user) {
        for (CallerPattern p : deny) {
            if (p.matches(user)) return Optional.of("caller " + user.id() + " matches deny pattern " + p);
        }
        if (allow.isEmpty() || allow.stream().anyMatch(p -> p.matches(user))) return Optional.empty();
        return Optional.of("caller " + user.id() + " matches no allow pattern");
    }
}
