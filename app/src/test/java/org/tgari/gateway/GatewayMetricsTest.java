package org.tgari.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.tgari.gateway.media.CallMediaPipeline.MediaCounters;

class GatewayMetricsTest {

    @Test
    void aCallsGaugesKeepTheirValueAcrossGarbageCollectionsAndSayWhatTheyMean() throws Exception {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var metrics = new GatewayMetrics(registry);
        long[] packets = {0};
        // The supplier is held by nothing but the gauges, as a call's pipeline method reference is.
        try (AutoCloseable handle = metrics.registerCall("call-7", () -> new MediaCounters(packets[0], 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12.5, 0, 0, 0, 0))) {
            packets[0] = 42;
            for (int i = 0; i < 3; i++) System.gc();
            String scrape = registry.scrape();
            assertThat(scrape).contains("tgari_call_media_packets{call=\"call-7\",direction=\"asterisk_in\"} 42.0");
            assertThat(scrape).contains("tgari_call_telegram_path{call=\"call-7\",measure=\"rtt_ms\"} 12.5");
            assertThat(scrape).doesNotContain("NaN");
            assertThat(scrape).contains("# HELP tgari_call_media_packets RTP packets");
            assertThat(scrape).doesNotContain("# HELP tgari_call_media_frames \n");
        }
        assertThat(registry.scrape()).as("gone with the call").doesNotContain("call-7");
    }
}
