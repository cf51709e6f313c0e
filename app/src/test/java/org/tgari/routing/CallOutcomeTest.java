package org.tgari.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallOutcomeTest {

    @Test
    void causesMatchTheDocumentedSipResponses() {
        // chan_pjsip's hangup_cause2sip: 1->404, 17->486, 19->480, 21->403, 28->484, 34->503, 38->500
        assertThat(CallOutcome.NOT_FOUND.q850Cause()).isEqualTo(1);
        assertThat(CallOutcome.NOT_FOUND.sipCode()).isEqualTo(404);
        assertThat(CallOutcome.BUSY.q850Cause()).isEqualTo(17);
        assertThat(CallOutcome.BUSY.sipCode()).isEqualTo(486);
        assertThat(CallOutcome.NO_ANSWER.q850Cause()).isEqualTo(19);
        assertThat(CallOutcome.NO_ANSWER.sipCode()).isEqualTo(480);
        assertThat(CallOutcome.INTERNAL_ERROR.q850Cause()).isEqualTo(38);
        assertThat(CallOutcome.INTERNAL_ERROR.sipCode()).isEqualTo(500);
        assertThat(CallOutcome.INVALID_TARGET.sipCode()).isEqualTo(484);
        // 58 bearer capability not available -> 488, 29 facility rejected -> 501
        assertThat(CallOutcome.INCOMPATIBLE.q850Cause()).isEqualTo(58);
        assertThat(CallOutcome.INCOMPATIBLE.sipCode()).isEqualTo(488);
        assertThat(CallOutcome.GROUP_CALL.q850Cause()).isEqualTo(29);
        assertThat(CallOutcome.GROUP_CALL.sipCode()).isEqualTo(501);
    }

    @Test
    void tagsAreLowerCaseNames() {
        assertThat(CallOutcome.NO_ANSWER.tag()).isEqualTo("no_answer");
    }
}
