package org.tgari.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.tgari.gateway.media.CallMediaPipeline.MediaCounters;
import org.tgari.routing.CallOutcome;
import org.tgari.routing.SipLegOutcome;

/**
 * The gateway's meters. Per-call media gauges carry the call id as a label only while the call lives,
 * so label cardinality stays bounded by the number of concurrent calls.
 */
public final class GatewayMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger active = new AtomicInteger();
    private final Map<CallOutcome, Counter> outcomes = new EnumMap<>(CallOutcome.class);
    private final Timer mediaSetUp;
    private final Map<SipLegOutcome, Counter> inboundSipLegs = new EnumMap<>(SipLegOutcome.class);

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("tgari.calls.active", active, AtomicInteger::get).description("calls in progress").register(registry);
        for (CallOutcome o : CallOutcome.values()) {
            outcomes.put(o, Counter.builder("tgari.calls").tag("outcome", o.tag()).description("finished calls by outcome").register(registry));
        }
        for (SipLegOutcome o : SipLegOutcome.values()) {
            inboundSipLegs.put(o, Counter.builder("tgari.inbound.sip_leg").tag("outcome", o.tag())
                    .description("how the SIP side of incoming Telegram calls ended before or by answering").register(registry));
        }
        // buckets, so that dashboards can take quantiles across instances (histogram_quantile)
        mediaSetUp = Timer.builder("tgari.call.setup")
                .description("from Telegram accepting a call to the caller answered with the media path up (ICE, DTLS-SRTP, bridge)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(20)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    /** A call's media came up {@code nanos} after Telegram accepted it. */
    public void mediaSetUp(long nanos) {
        mediaSetUp.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The gauge of live call engines: one that stays above the calls in progress is an engine that outlived its call. */
    public static void countEngines(MeterRegistry registry, org.tgari.voip.engine.EngineCensus engines) {
        Gauge.builder("tgari.engines.active", engines, org.tgari.voip.engine.EngineCensus::alive).strongReference(true)
                .description("Telegram call engines alive (built and not yet closed)").register(registry);
    }

    /** The SIP side of an incoming Telegram call answered or ended unanswered with {@code outcome}. */
    public void inboundSipLeg(SipLegOutcome outcome) {
        inboundSipLegs.get(outcome).increment();
    }

    public void callStarted() {
        active.incrementAndGet();
    }

    /** A call ended: counted by outcome, and its per-call gauges ({@code callMeters}, null if it had none) removed. */
    public void callEnded(CallOutcome outcome, AutoCloseable callMeters) {
        if (callMeters != null) {
            try {
                callMeters.close();
            } catch (Exception ignored) {
                // removing meters cannot fail in a way that matters to the call
            }
        }
        active.decrementAndGet();
        outcomes.get(outcome).increment();
    }

    public int activeCalls() {
        return active.get();
    }

    /** Registers the media gauges of one call; close the returned handle when the call ends. */
    public AutoCloseable registerCall(String callId, Supplier<MediaCounters> counters) {
        List<Meter> meters = new ArrayList<>();
        String packets = "RTP packets of this call so far, by leg and direction";
        gauge(meters, "tgari.call.media.packets", packets, callId, "direction", "asterisk_in", counters, MediaCounters::asteriskPacketsIn);
        gauge(meters, "tgari.call.media.packets", packets, callId, "direction", "asterisk_out", counters, MediaCounters::asteriskPacketsOut);
        gauge(meters, "tgari.call.media.packets", packets, callId, "direction", "telegram_in", counters, MediaCounters::telegramPacketsIn);
        gauge(meters, "tgari.call.media.packets", packets, callId, "direction", "telegram_out", counters, MediaCounters::telegramPacketsOut);
        String frames = "20 ms frames of this call's playout so far: late or lost packets, FEC repairs, frames added or taken out to follow the sender's clock";
        gauge(meters, "tgari.call.media.frames", frames, callId, "kind", "telegram_late", counters, MediaCounters::telegramLateFrames);
        gauge(meters, "tgari.call.media.frames", frames, callId, "kind", "telegram_lost", counters, MediaCounters::telegramLostFrames);
        gauge(meters, "tgari.call.media.frames", frames, callId, "kind", "telegram_fec_recovered", counters, MediaCounters::telegramFecRecovered);
        gauge(meters, "tgari.call.media.frames", frames, callId, "kind", "telegram_expanded", counters, MediaCounters::telegramExpandedFrames);
        gauge(meters, "tgari.call.media.frames", frames, callId, "kind", "telegram_compressed", counters, MediaCounters::telegramCompressedFrames);
        gauge(meters, "tgari.call.media.frames", frames, callId, "kind", "asterisk_lost", counters, MediaCounters::asteriskLostFrames);
        String path = "the Telegram leg's path: round-trip time and interarrival jitter, in ms";
        gauge(meters, "tgari.call.telegram.path", path, callId, "measure", "rtt_ms", counters, MediaCounters::telegramRttMs);
        gauge(meters, "tgari.call.telegram.path", path, callId, "measure", "jitter_ms", counters, MediaCounters::telegramJitterMs);
        return () -> meters.forEach(registry::remove);
    }

    private void gauge(List<Meter> meters, String name, String description, String callId, String tagKey, String tagValue,
                       Supplier<MediaCounters> counters, ToDoubleFunction<MediaCounters> field) {
        // Micrometer holds a gauge's object weakly: the call's supplier has no other holder, and the gauge
        // read NaN once it was collected. The handle removes the gauge when the call ends.
        meters.add(Gauge.builder(name, counters, s -> field.applyAsDouble(s.get())).strongReference(true).description(description)
                .tag("call", callId).tag(tagKey, tagValue).register(registry));
    }
}
