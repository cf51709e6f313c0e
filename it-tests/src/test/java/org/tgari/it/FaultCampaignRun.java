package org.tgari.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The long fault campaign, not part of the build (its name matches neither *IT nor *Test):
 * scripts/fault-campaign.sh runs it. System properties: tgari.campaign.calls (240), .parallel (4),
 * .seconds (the time limit; 1800), .seed (1). Prints each round and a summary; the work directory
 * (tgari's and the phones' logs) is kept; fails on any leak or mismatch.
 */
class FaultCampaignRun {

    @Test
    void campaign() throws Exception {
        var settings = FaultCampaign.Settings.of(Integer.getInteger("tgari.campaign.calls", 240), Integer.getInteger("tgari.campaign.parallel", 4),
                Duration.ofSeconds(Integer.getInteger("tgari.campaign.seconds", 1800)), Long.getLong("tgari.campaign.seed", 1L));
        Path work = Files.createTempDirectory("tgari-fault-campaign");
        var report = FaultCampaign.run(settings, work);
        report.leaks().forEach(l -> System.out.println("LEAK " + l));
        report.mismatches().forEach(m -> System.out.println("MISMATCH " + m));
        report.mediaFailures().forEach(m -> System.out.println("MEDIA FAILED " + m));
        System.out.println(report.summary());
        System.out.println("campaign files (tgari and baresip logs): " + work);
        assertThat(report.leaks()).as("leaks").isEmpty();
        assertThat(report.mismatches()).as("mismatches").isEmpty();
    }
}
