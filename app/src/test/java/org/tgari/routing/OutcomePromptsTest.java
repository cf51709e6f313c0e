package org.tgari.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomePromptsTest {

    @Test
    void everyFailureHasSomethingToSayAndNobodyHearsTheRest() {
        var p = OutcomePrompts.DEFAULT;
        for (CallOutcome o : CallOutcome.values()) {
            boolean silent = o == CallOutcome.ANSWERED || o == CallOutcome.CANCELLED;
            if (!silent) assertThat(p.forOutcome(o)).as(o.tag()).isNotEmpty();
            else assertThat(p.forOutcome(o)).as(o.tag()).isEmpty();
        }
    }

    @Test
    void busyAndNotFoundHaveTheirOwnPrompts() {
        var issue = new OutcomePrompts(List.of("the-party-you-are-calling", "is-curntly-busy"), List.of("number-not-answering"),
                List.of("n"), List.of("d"), List.of("u"), List.of("f"));
        assertThat(issue.forOutcome(CallOutcome.BUSY)).containsExactly("the-party-you-are-calling", "is-curntly-busy");
        assertThat(issue.forOutcome(CallOutcome.NOT_FOUND)).containsExactly("number-not-answering");
        assertThat(issue.forOutcome(CallOutcome.NOT_A_USER)).containsExactly("number-not-answering");
        assertThat(issue.forOutcome(CallOutcome.NO_ANSWER)).containsExactly("n");
        assertThat(issue.forOutcome(CallOutcome.PRIVACY_RESTRICTED)).containsExactly("d");
        assertThat(issue.forOutcome(CallOutcome.FLOOD_WAIT)).containsExactly("u");
        assertThat(issue.forOutcome(CallOutcome.INTERNAL_ERROR)).containsExactly("f");
        assertThat(issue.table()).hasSize(CallOutcome.values().length);
    }
}
