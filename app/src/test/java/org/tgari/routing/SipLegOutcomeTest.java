package org.tgari.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SipLegOutcomeTest {

    @Test
    void asteriskCausesMapToOutcomes() {
        assertThat(SipLegOutcome.fromCause(17)).isEqualTo(SipLegOutcome.BUSY);
        assertThat(SipLegOutcome.fromCause(19)).isEqualTo(SipLegOutcome.NO_ANSWER);
        assertThat(SipLegOutcome.fromCause(18)).isEqualTo(SipLegOutcome.NO_ANSWER);
        assertThat(SipLegOutcome.fromCause(21)).isEqualTo(SipLegOutcome.DECLINED);
        assertThat(SipLegOutcome.fromCause(16)).isEqualTo(SipLegOutcome.DECLINED);
        assertThat(SipLegOutcome.fromCause(1)).isEqualTo(SipLegOutcome.NOT_FOUND);
        assertThat(SipLegOutcome.fromCause(20)).isEqualTo(SipLegOutcome.UNAVAILABLE);
        assertThat(SipLegOutcome.fromCause(34)).isEqualTo(SipLegOutcome.CONGESTION);
        assertThat(SipLegOutcome.fromCause(0)).isEqualTo(SipLegOutcome.FAILED);
        assertThat(SipLegOutcome.fromCause(127)).isEqualTo(SipLegOutcome.FAILED);
    }

    @Test
    void onlyAnAnswerKeepsTheTelegramCall() {
        for (SipLegOutcome o : SipLegOutcome.values()) {
            assertThat(o.discards()).as(o.tag()).isEqualTo(o != SipLegOutcome.ANSWERED);
        }
        assertThat(SipLegOutcome.NO_ANSWER.tag()).isEqualTo("no_answer");
    }
}
