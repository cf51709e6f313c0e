package org.tgari.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tgari.it.CallPlan.Outcome;
import org.tgari.it.FaultCampaign.Fault;

/** The campaign's verdict on one call: empty when it matches what happened, else why not. */
class FaultCampaignJudgeTest {

    private static final CallPlan TALK = new CallPlan.Talk("hangup9000001", 1000);
    private static final CallPlan CANCEL = new CallPlan.CallerHangsUp("hangup9000002", 200);
    private static final CallPlan DECLINE = new CallPlan.Decline("decline300", 300);
    private static final CallPlan FAR_HANG_UP = new CallPlan.FarEndHangsUp("hangup100", 100);

    @Test
    void untouchedCallsMustEndAsPlannedAndAsThePhoneSaw() {
        assertThat(FaultCampaign.judge(TALK, "answered", Outcome.ANSWERED, Fault.NONE, false)).isEmpty();
        assertThat(FaultCampaign.judge(TALK, "answered", null, Fault.NONE, false)).contains("no outcome");
        assertThat(FaultCampaign.judge(DECLINE, "sip 403", Outcome.DECLINED, Fault.NONE, false)).isEmpty();
        assertThat(FaultCampaign.judge(FAR_HANG_UP, "sip 603", Outcome.ANSWERED, Fault.NONE, false)).as("the bug the campaign found").isNotEmpty();
        assertThat(FaultCampaign.judge(FAR_HANG_UP, "sip 403", Outcome.DECLINED, Fault.NONE, false)).isEmpty();
        assertThat(FaultCampaign.judge(CANCEL, "hung up while ringing", Outcome.CANCELLED, Fault.NONE, false)).isEmpty();
        assertThat(FaultCampaign.judge(CANCEL, "hung up while ringing", Outcome.ANSWERED, Fault.NONE, false)).isNotEmpty();
        assertThat(FaultCampaign.judge(CANCEL, "answered (as we hung up)", Outcome.ANSWERED, Fault.NONE, false)).isEmpty();
        assertThat(FaultCampaign.judge(TALK, "sip 500", Outcome.INTERNAL_ERROR, Fault.NONE, false)).isNotEmpty();
        assertThat(FaultCampaign.judge(TALK, "sip 500", Outcome.INTERNAL_ERROR, Fault.NONE, true)).as("the media path failed: counted apart").isEmpty();
        assertThat(FaultCampaign.judge(TALK, "answered", Outcome.INTERNAL_ERROR, Fault.NONE, true)).as("but still agrees with the phone").isNotEmpty();
    }

    @Test
    void faultsWidenWhatTgariMaySayButNotThatThePhoneEnds() {
        assertThat(FaultCampaign.judge(TALK, "sip 500", Outcome.INTERNAL_ERROR, Fault.ARI_DROP, false)).isEmpty();
        assertThat(FaultCampaign.judge(TALK, "answered", Outcome.INTERNAL_ERROR, Fault.ARI_DROP, false)).as("still agrees with the phone").isNotEmpty();
        assertThat(FaultCampaign.judge(CANCEL, "hung up while ringing", Outcome.INTERNAL_ERROR, Fault.ARI_DROP, false)).as("tgari could not hear it").isEmpty();
        assertThat(FaultCampaign.judge(CANCEL, "hung up while ringing", Outcome.INTERNAL_ERROR, Fault.NONE, false)).isNotEmpty();
        assertThat(FaultCampaign.judge(TALK, "sip 503", null, Fault.TGARI_KILL, false)).isEmpty();
        assertThat(FaultCampaign.judge(DECLINE, "sip 503", Outcome.BUSY, Fault.ASTERISK_KILL, false)).isNotEmpty();
        assertThat(FaultCampaign.judge(TALK, "timeout; the phone's call did not close", null, Fault.TGARI_KILL, false)).isNotEmpty();
    }
}
