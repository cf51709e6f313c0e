package org.tgari.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgari.it.harness.AriEventLog;
import org.tgari.it.harness.AsteriskInstance;
import org.tgari.it.harness.Asterisks;
import org.tgari.it.harness.CallResult;
import org.tgari.it.harness.SipPhone;
import org.tgari.it.tgcalls.WholeCallTone;
import org.tgari.media.audio.ToneAnalyzer;
import org.tgari.media.audio.WavFile;

/**
 * The IVR's entry rules with a real phone on extension 700, watched through an ARI observer of its own:
 * {@code *} clears what was keyed, so {@code 12*15550001#} reaches the simulated echo user by its phone
 * number on the first try and its tone comes back in every second; an invalid entry and then two tries
 * without an entry use up the tries with the documented prompts, and the call ends with a BYE after the
 * goodbye.
 */
class IvrEntryIT {

    private static final double TONE_HZ = 1000.0;
    private static final double TONE_DBFS = -12.0;

    static AsteriskInstance asterisk;
    @TempDir static Path work;
    static Path tone;
    static Path silence;

    @BeforeAll
    static void start() throws Exception {
        asterisk = Asterisks.start();
        tone = TestGateway.toneWav(work, "tone-1k.wav", TONE_HZ, TONE_DBFS, 40);
        silence = work.resolve("silence.wav");
        WavFile.writeMono16(silence, 8000, new short[8000 * 60]);
    }

    @AfterAll
    static void stop() {
        if (asterisk != null) asterisk.close();
    }

    @Test
    void starClearsTheDigitsBeforeItAndThePhoneNumberReachesTheEchoUser() throws Exception {
        try (var gw = TestGateway.start(asterisk, Map.of());
             var events = AriEventLog.connect(asterisk, "it-ivr-star");
             var phone = SipPhone.start(tone, Files.createDirectories(work.resolve("star")))) {
            phone.dial("sip:700@127.0.0.1:" + asterisk.sipPort());
            assertThat(phone.awaitEstablishedOrClosed(Duration.ofSeconds(15))).as("the IVR answers").isInstanceOf(CallResult.Established.class);
            TestGateway.await("the IVR collecting", Duration.ofSeconds(10), () -> state(gw).equals("Collecting"));
            String channel = field(gw, "channel");
            // without the clear the entry is 1215550001, a number nobody on the simulated network has
            phone.sendDtmf("12*15550001#");
            TestGateway.await("the entry taken", Duration.ofSeconds(20), () -> !field(gw, "target").isEmpty());
            // what Asterisk reported of the phone's keys, to tell a digit the phone or Asterisk doubled from one tgari lost
            assertThat(field(gw, "target")).as("Asterisk reported the keys %s", dtmf(events, channel)).isEqualTo("+15550001");
            TestGateway.await("the call to the echo user connected", Duration.ofSeconds(20), () -> state(gw).equals("Connected"));
            TestGateway.await("8 s of echoed audio", Duration.ofSeconds(30), () -> framesToAsterisk(gw) > 400);
            phone.hangup();
            assertThat(phone.awaitClosed(Duration.ofSeconds(10))).isInstanceOf(CallResult.Closed.class);
            TestGateway.await("the call to be released", Duration.ofSeconds(10), () -> gw.runtime.gateway().activeCalls() == 0);
            assertThat(sounds(events, channel)).as("no invalid try: the first entry was taken").doesNotContain("sound:pbx-invalid")
                    .startsWith("sound:vm-enter-num-to-call");

            var heard = WavFile.readAudio(phone.lastReceivedRecording());
            double seconds = heard.samples().length / (double) heard.sampleRate();
            var sent = WavFile.readAudio(tone);
            double sentDbfs = ToneAnalyzer.toneLevelDbfs(sent.samples(), 0, sent.sampleRate(), sent.sampleRate(), TONE_HZ);
            // the prompt and the ringback come first; the judge finds the echo's onset and wants it in every second after
            var echo = WholeCallTone.judge(heard, seconds - 0.5, 4, TONE_HZ, sentDbfs);
            System.out.printf("IVR star-clear echo: %s; heard %.1f s: %s%n", echo.describe(), seconds, profile(heard));
            assertThat(echo.allGood()).as("the echo in every second: %s", echo.describe()).isTrue();
            assertThat(gw.metric("tgari_calls_total", "outcome=\"answered\"")).isEqualTo(1.0);
        }
    }

    @Test
    void anInvalidEntryThenTwoTimeoutsUseUpTheTriesAndTheCallEndsWithAByeAfterTheGoodbye() throws Exception {
        try (var gw = TestGateway.start(asterisk, Map.of("ivr.timeout", "2s", "ivr.inter-digit-timeout", "1s"));
             var events = AriEventLog.connect(asterisk, "it-ivr-tries");
             var phone = SipPhone.start(silence, Files.createDirectories(work.resolve("tries")))) {
            phone.dial("sip:700@127.0.0.1:" + asterisk.sipPort());
            assertThat(phone.awaitEstablishedOrClosed(Duration.ofSeconds(15))).isInstanceOf(CallResult.Established.class);
            TestGateway.await("the IVR collecting", Duration.ofSeconds(10), () -> state(gw).equals("Collecting"));
            String channel = field(gw, "channel");
            // two digits: no directory code, too short for a phone number (3-15 digits)
            phone.sendDtmf("12#");

            CallResult closed = phone.awaitClosed(Duration.ofSeconds(60));
            assertThat(closed).isInstanceOf(CallResult.Closed.class);
            assertThat(((CallResult.Closed) closed).sipCode()).as("a BYE, not a failure response: %s", closed).isZero();
            var destroyed = events.await("the phone's channel destroyed", Duration.ofSeconds(10),
                    e -> e.type().equals("ChannelDestroyed") && e.channelId().equals(channel));
            TestGateway.await("the call to be released", Duration.ofSeconds(10), () -> gw.runtime.gateway().activeCalls() == 0);
            assertThat(gw.metric("tgari_calls_total", "outcome=\"invalid_target\"")).isEqualTo(1.0);

            List<String> sounds = sounds(events, channel);
            System.out.printf("IVR tries: sounds %s%n", sounds);
            List<String> afterEntry = sounds.subList(Math.max(0, sounds.indexOf("sound:pbx-invalid")), sounds.size());
            assertThat(afterEntry).as("the invalid entry, then two tries without an entry, then the goodbye").containsExactly(
                    "sound:pbx-invalid", "sound:please-try-again", "sound:vm-enter-num-to-call", "sound:vm-then-pound",
                    "sound:please-try-again", "sound:vm-enter-num-to-call", "sound:vm-then-pound",
                    "sound:goodbye");

            // the waits between a prompt's end and the next prompt: two of them are the 2 s timeouts
            List<Long> gaps = gapsMs(events, channel);
            System.out.printf("IVR tries: ms from each playback's end to the next start %s%n", gaps);
            assertThat(gaps.stream().filter(g -> g >= 1_900 && g < 6_000).count()).as("two timeouts of 2 s: %s", gaps).isEqualTo(2);
            var goodbyeEnd = events.await("the goodbye finished", Duration.ZERO, e -> e.type().equals("PlaybackFinished")
                    && e.playbackTarget().equals("channel:" + channel) && e.media().contains("goodbye"));
            assertThat(events.events().indexOf(goodbyeEnd)).as("the goodbye finished before the channel went")
                    .isLessThan(events.events().indexOf(destroyed));
        }
    }

    /**
     * The sounds played to {@code channel}, in order: each playback's media as it starts or continues to the
     * next. Asterisk 22 reports each media of a list twice (PlaybackStarted or PlaybackContinuing, each naming
     * it), so a media the same playback named just before is not counted again.
     */
    private static List<String> sounds(AriEventLog events, String channel) {
        List<String> out = new ArrayList<>();
        String last = "";
        for (var e : events.events()) {
            if ((e.type().equals("PlaybackStarted") || e.type().equals("PlaybackContinuing")) && e.playbackTarget().equals("channel:" + channel)) {
                String key = e.json().path("playback").path("id").asText() + " " + e.media();
                if (!key.equals(last)) out.add(e.media());
                last = key;
            }
        }
        return out;
    }

    /** The DTMF digits Asterisk reported on {@code channel}, each with its duration. */
    private static List<String> dtmf(AriEventLog events, String channel) {
        return events.events().stream().filter(e -> e.type().equals("ChannelDtmfReceived") && e.channelId().equals(channel))
                .map(e -> e.json().path("digit").asText() + "/" + e.json().path("duration_ms").asInt() + "ms").toList();
    }

    /** For each playback to {@code channel} that finished, the time by Asterisk's clock until the next one started. */
    private static List<Long> gapsMs(AriEventLog events, String channel) {
        List<Long> gaps = new ArrayList<>();
        java.time.OffsetDateTime finished = null;
        for (var e : events.events()) {
            if (!e.playbackTarget().equals("channel:" + channel)) continue;
            if (e.type().equals("PlaybackFinished")) finished = e.at();
            if (e.type().equals("PlaybackStarted") && finished != null) {
                gaps.add(Duration.between(finished, e.at()).toMillis());
                finished = null;
            }
        }
        return gaps;
    }

    /** Each half second of what was heard: dominant frequency and RMS level, to tell prompt, ringback and echo apart. */
    private static String profile(WavFile.Audio heard) {
        int rate = heard.sampleRate(), n = rate / 2;
        StringBuilder out = new StringBuilder();
        for (int off = 0; off + n <= heard.samples().length; off += n) {
            out.append(String.format("%.1f:%.0fHz/%.0fdB ", off / (double) rate, ToneAnalyzer.dominantFrequency(heard.samples(), off, n, rate),
                    ToneAnalyzer.rmsDbfs(heard.samples(), off, n)));
        }
        return out.toString();
    }

    private static String state(TestGateway gw) {
        return field(gw, "state");
    }

    private static String field(TestGateway gw, String name) {
        return gw.runtime.gateway().describeCalls().stream().map(c -> String.valueOf(c.get(name))).findFirst().orElse("");
    }

    private static long framesToAsterisk(TestGateway gw) {
        return gw.runtime.gateway().describeCalls().stream()
                .mapToLong(m -> Long.parseLong(String.valueOf(m.getOrDefault("framesToAsterisk", "0")))).sum();
    }
}
