package org.tgari.telegram;

import org.tgari.routing.CallOutcome;

/** The result of resolving a target. */
public sealed interface Lookup {
    record Found(TelegramUser user) implements Lookup {}
    record Failed(CallOutcome outcome, String detail) implements Lookup {}
}
