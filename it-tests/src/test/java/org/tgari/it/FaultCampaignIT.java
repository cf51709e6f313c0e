package org.tgari.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short fault campaign of the build: 18 calls, 3 at once, over a path with 10 % loss and 50 ± 50 ms;
 * a clean first round, then at least one fault of each kind (Asterisk killed, the ARI events socket
 * dropped, tgari SIGKILLed), each restarted. Nothing may leak and every call's outcome must match.
 * {@code scripts/fault-campaign.sh} runs the long one ({@link FaultCampaignRun}).
 */
class FaultCampaignIT {

    @TempDir
    Path work;

    @Test
    void eighteenCallsThroughEveryKindOfFaultLeaveNothingAndEndAsTheyShould() throws Exception {
        var report = FaultCampaign.run(FaultCampaign.Settings.of(18, 3, Duration.ofMinutes(4), 20261205L), work);
        report.mediaFailures().forEach(m -> System.out.println("media failed: " + m));
        System.out.println(report.summary());
        assertThat(report.faults()).as("every kind of fault struck").containsKeys(FaultCampaign.Fault.ASTERISK_KILL,
                FaultCampaign.Fault.ARI_DROP, FaultCampaign.Fault.TGARI_KILL);
        assertThat(report.leaks()).as("leaks").isEmpty();
        assertThat(report.mismatches()).as("calls whose outcome does not match what happened").isEmpty();
        assertThat(report.calls()).isEqualTo(18);
    }
}
