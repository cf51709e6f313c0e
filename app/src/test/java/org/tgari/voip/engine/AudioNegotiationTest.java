package org.tgari.voip.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tgari.voip.signaling.NegotiateChannels;
import org.tgari.voip.signaling.SignalingJson;

class AudioNegotiationTest {

    @Test
    void callerOffersCalleeAnswersAndOffersBack() {
        var caller = new AudioNegotiation(true, 1111, new Random(1));
        var callee = new AudioNegotiation(false, 2222, new Random(2));
        NegotiateChannels offer = caller.createOffer();
        var reply = callee.onMessage(offer);
        assertThat(reply.messages()).hasSize(2);
        NegotiateChannels answer = reply.messages().get(0);
        assertThat(answer.exchangeId()).isEqualTo(offer.exchangeId());
        assertThat(answer.contents().get(0).ssrc()).as("the offered SSRC is echoed").isEqualTo(1111);
        assertThat(callee.receiveParams()).hasValueSatisfying(r -> {
            assertThat(r.ssrc()).isEqualTo(1111);
            assertThat(r.payloadType()).isEqualTo(111);
            assertThat(r.absSendTimeId()).isEqualTo(2);
            assertThat(r.transportCcId()).isEqualTo(3);
        });
        assertThat(caller.onMessage(answer).messages()).isEmpty();
        assertThat(caller.sendParams()).hasValue(new AudioNegotiation.SendParams(1111, 111, 2, 3));
        var back = caller.onMessage(reply.messages().get(1));
        assertThat(back.messages()).hasSize(1);
        callee.onMessage(back.messages().get(0));
        assertThat(callee.sendParams()).hasValue(new AudioNegotiation.SendParams(2222, 111, 2, 3));
        assertThat(caller.receiveParams().orElseThrow().ssrc()).isEqualTo(2222);
    }

    @Test
    void glareTheCallerKeepsItsOfferTheCalleeAnswersThenReoffers() {
        var caller = new AudioNegotiation(true, 1, new Random(3));
        var callee = new AudioNegotiation(false, 2, new Random(4));
        var callerOffer = caller.createOffer();
        var calleeOffer = callee.createOffer();
        assertThat(caller.onMessage(calleeOffer).messages()).as("caller ignores the crossing offer").isEmpty();
        var reply = callee.onMessage(callerOffer);
        assertThat(reply.messages()).hasSize(2);
        assertThat(reply.messages().get(0).exchangeId()).isEqualTo(callerOffer.exchangeId());
        assertThat(reply.messages().get(1).exchangeId()).isNotEqualTo(calleeOffer.exchangeId());
    }

    @Test
    void answersTelegramsRealOfferFromTheCapture() {
        String json = "{\"@type\": \"NegotiateChannels\", \"contents\": [{\"payloadTypes\": [{\"channels\": 2, \"clockrate\": 48000, "
                + "\"feedbackTypes\": [{\"subtype\": \"\", \"type\": \"transport-cc\"}], \"id\": 111, \"name\": \"opus\", "
                + "\"parameters\": {\"minptime\": \"10\", \"useinbandfec\": \"1\"}}, {\"channels\": 2, \"clockrate\": 48000, \"feedbackTypes\": [], "
                + "\"id\": 63, \"name\": \"red\", \"parameters\": {\"\": \"111/111\"}}], \"rtpExtensions\": [{\"id\": 2, \"uri\": "
                + "\"http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\"}, {\"id\": 1, \"uri\": \"urn:ietf:params:rtp-hdrext:ssrc-audio-level\"}], "
                + "\"ssrc\": \"3335670559\", \"type\": \"audio\"}], \"exchangeId\": \"3100012260\"}";
        var offer = (NegotiateChannels) SignalingJson.decode(json.getBytes(StandardCharsets.UTF_8)).orElseThrow();
        var us = new AudioNegotiation(false, 5, new Random(5));
        var answer = us.onMessage(offer).messages().get(0);
        assertThat(answer.contents()).hasSize(1);
        assertThat(answer.contents().get(0).payloadTypes()).extracting(p -> p.name()).containsExactly("opus");
        assertThat(answer.contents().get(0).rtpExtensions()).extracting(e -> e.uri()).containsExactly(AudioNegotiation.ABS_SEND_TIME);
        assertThat(us.receiveParams().orElseThrow()).isEqualTo(new AudioNegotiation.ReceiveParams(3335670559L, 111, 2, 0));
    }
}
