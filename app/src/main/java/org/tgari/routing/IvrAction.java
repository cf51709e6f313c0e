package org.tgari.routing;

import java.util.List;

/** What a call flow does next for a caller in a prompt-and-collect dialogue (the IVR, ask mode). */
public sealed interface IvrAction {

    /** Stop whatever plays to the caller, then play these prompts (sound ids) in order. */
    record Play(List<String> prompts) implements IvrAction {
        public Play { prompts = List.copyOf(prompts); }
    }

    /** Stop the prompt playing: the caller has started to answer. */
    record StopPrompt() implements IvrAction {}

    /** The caller's entry is complete: check it and dial it, then report back if it names nobody. */
    record Submit(String entry) implements IvrAction {}

    /** No tries left: play these prompts, then hang up. */
    record GiveUp(List<String> prompts, String reason) implements IvrAction {
        public GiveUp { prompts = List.copyOf(prompts); }
    }

    /** Nothing to do yet. */
    record Wait() implements IvrAction {}

    IvrAction WAIT = new Wait();
    IvrAction STOP_PROMPT = new StopPrompt();

    /** {@code a} then {@code b} as one list. */
    static List<String> concat(List<String> a, List<String> b) {
        var out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }
}
