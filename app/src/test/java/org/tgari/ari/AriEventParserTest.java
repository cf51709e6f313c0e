package org.tgari.ari;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AriEventParserTest {

    private final AriEventParser parser = new AriEventParser();

    @Test
    void stasisStartCarriesArgsAndCaller() {
        var e = parser.parse("""
                {"type":"StasisStart","timestamp":"2026-11-22T10:00:00.000+0000","args":["dial","@echo"],
                 "channel":{"id":"1732.5","name":"PJSIP/tester-00000001","state":"Ring",
                   "caller":{"name":"","number":"tester"},"channelvars":{"X":"1"},"unknown_future_field":42},
                 "application":"telegram"}""");
        assertThat(e).contains(new AriEvent.StasisStart("1732.5", "PJSIP/tester-00000001",
                java.util.List.of("dial", "@echo"), "tester", java.util.Map.of("X", "1")));
    }

    @Test
    void stasisStartCarriesTheCallersNameAsAsteriskHasIt() {
        var e = parser.parse("""
                {"type":"StasisStart","args":["dial","@echo"],
                 "channel":{"id":"1732.6","name":"PJSIP/tester-00000002","caller":{"name":"Reception \\u0007","number":"200"}}}""");
        var start = (AriEvent.StasisStart) e.orElseThrow();
        assertThat(start.callerName()).isEqualTo("Reception \u0007");
        assertThat(start.callerNumber()).isEqualTo("200");
        assertThat(((AriEvent.StasisStart) parser.parse("""
                {"type":"StasisStart","channel":{"id":"c"}}""").orElseThrow()).callerName()).isEmpty();
    }

    @Test
    void hangupEventsToleratesNewFields() {
        // Asterisk 22.7+ adds tech_cause; strict mappers reject it.
        var e = parser.parse("""
                {"type":"ChannelDestroyed","cause":17,"cause_txt":"User busy","tech_cause":486,
                 "channel":{"id":"c1","name":"PJSIP/x"}}""");
        assertThat(e).contains(new AriEvent.ChannelDestroyed("c1", 17, "User busy"));
        assertThat(parser.parse("{\"type\":\"ChannelHangupRequest\",\"cause\":16,\"tech_cause\":0,\"channel\":{\"id\":\"c2\"}}"))
                .contains(new AriEvent.ChannelHangupRequest("c2", 16));
    }

    @Test
    void playbackFinishedIsRoutedByWhatItPlayedOn() {
        var onChannel = parser.parse("""
                {"type":"PlaybackFinished","playback":{"id":"pb-1","media_uri":"sound:goodbye",
                 "target_uri":"channel:1732.5","language":"en","state":"done"}}""");
        assertThat(onChannel).contains(new AriEvent.PlaybackFinished("pb-1", "channel:1732.5", "done"));
        assertThat(onChannel.orElseThrow().channelId()).isEqualTo("1732.5");
        var onBridge = parser.parse("""
                {"type":"PlaybackFinished","playback":{"id":"pb-2","target_uri":"bridge:tgari-br-x","state":"failed"}}""");
        assertThat(onBridge.orElseThrow().channelId()).isEqualTo("tgari-br-x");
    }

    @Test
    void dtmfAndUnknownTypes() {
        assertThat(parser.parse("{\"type\":\"ChannelDtmfReceived\",\"digit\":\"#\",\"duration_ms\":180,\"channel\":{\"id\":\"c\"}}"))
                .contains(new AriEvent.ChannelDtmfReceived("c", "#", 180));
        assertThat(parser.parse("{\"type\":\"BridgeCreated\",\"bridge\":{\"id\":\"b\"}}"))
                .contains(new AriEvent.Other("BridgeCreated", null));
    }

    @Test
    void garbageIsRejectedNotThrown() {
        assertThat(parser.parse("not json")).isEmpty();
        assertThat(parser.parse("[1,2]")).isEmpty();
        assertThat(parser.parse("{\"no\":\"type\"}")).isEmpty();
        assertThat(parser.parse("{\"type\":\"StasisStart\"}")).as("StasisStart without a channel").isEmpty();
        assertThat(parser.parse("")).isEmpty();
    }

    @Test
    void userEventAndApplicationReplacedAsAsterisk22SendsThem() {
        // Captured from Asterisk 22 (POST /events/user/TgariPing?application=telegram, body {"variables":{"reply":"x"}}).
        assertThat(parser.parse("""
                {"type":"ChannelUserevent","timestamp":"2026-12-04T16:21:07.347+0000","eventname":"TgariPing",
                 "userevent":{"reply":"x","eventname":"TgariPing"},"asterisk_id":"02:fc:00:00:00:01","application":"telegram"}"""))
                .contains(new AriEvent.UserEvent("TgariPing", "telegram", java.util.Map.of("reply", "x", "eventname", "TgariPing")));
        assertThat(parser.parse("""
                {"type":"ApplicationReplaced","timestamp":"2026-12-04T16:21:37.311+0000","application":"telegram",
                 "asterisk_id":"02:fc:00:00:00:01"}"""))
                .contains(new AriEvent.ApplicationReplaced("telegram"));
    }
}
