package org.tgari.voip.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.tgari.voip.signaling.FeedbackType;
import org.tgari.voip.signaling.MediaContent;
import org.tgari.voip.signaling.NegotiateChannels;
import org.tgari.voip.signaling.PayloadType;
import org.tgari.voip.signaling.RtpExtension;

/**
 * tgcalls' replacement for SDP offer/answer, audio only: each side offers what it will send
 * (its SSRC, Opus, the header extensions) and answers the other's offer with what it will receive.
 * Two independent exchanges, one per direction; on glare the caller keeps its offer and the callee
 * answers first, then offers again.
 */
public final class AudioNegotiation {

    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public static final String TRANSPORT_CC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    static final int OPUS_PT = 111;

    /** How we send: the payload type and extension ids the peer accepted for our SSRC (0 = extension off). */
    public record SendParams(long ssrc, int payloadType, int absSendTimeId, int transportCcId) {}

    /** What we receive: the peer's SSRC, its Opus payload type and extension ids. */
    public record ReceiveParams(long ssrc, int payloadType, int absSendTimeId, int transportCcId) {}

    /** What to send after handling a message, in order. */
    public record Reply(List<NegotiateChannels> messages) {}

    private final boolean isCaller;
    private final long ourSsrc;
    private final RandomGenerator random;
    private long pendingOfferId = -1;
    private boolean offered;
    private SendParams send;
    private ReceiveParams receive;

    public AudioNegotiation(boolean isCaller, long ourSsrc, RandomGenerator random) {
        this.isCaller = isCaller;
        this.ourSsrc = ourSsrc & 0xFFFFFFFFL;
        this.random = random;
    }

    /** Our offer: the audio we will send. */
    public NegotiateChannels createOffer() {
        pendingOfferId = random.nextLong(1, 1L << 32);
        offered = true;
        return new NegotiateChannels(pendingOfferId, List.of(ourAudio(ourSsrc)));
    }

    public boolean hasOffered() {
        return offered;
    }

    private static MediaContent ourAudio(long ssrc) {
        var opus = new PayloadType(OPUS_PT, "opus", 48000, 2, List.of(new FeedbackType("transport-cc", "")),
                Map.of("minptime", "10", "useinbandfec", "1"));
        return new MediaContent("audio", ssrc, List.of(), List.of(opus),
                List.of(new RtpExtension(2, ABS_SEND_TIME), new RtpExtension(3, TRANSPORT_CC)));
    }

    /** Handles a NegotiateChannels from the peer; returns what to send back (answer, and maybe our own offer). */
    public Reply onMessage(NegotiateChannels m) {
        if (pendingOfferId >= 0 && m.exchangeId() == pendingOfferId) {
            onAnswer(m);
            return new Reply(List.of());
        }
        if (pendingOfferId >= 0) {
            if (isCaller) return new Reply(List.of()); // glare: the caller's offer wins; the callee will answer it
            pendingOfferId = -1; // glare: the callee drops its offer, answers, then offers again
            offered = false;
        }
        List<NegotiateChannels> out = new ArrayList<>();
        out.add(answer(m));
        if (!offered) out.add(createOffer());
        return new Reply(List.copyOf(out));
    }

    private void onAnswer(NegotiateChannels answer) {
        pendingOfferId = -1;
        for (MediaContent c : answer.contents()) {
            if (!"audio".equals(c.type())) continue;
            Optional<PayloadType> opus = opus(c);
            if (opus.isEmpty()) continue;
            send = new SendParams(ourSsrc, opus.get().id(), extensionId(c, ABS_SEND_TIME), extensionId(c, TRANSPORT_CC));
            return;
        }
    }

    private NegotiateChannels answer(NegotiateChannels offer) {
        List<MediaContent> accepted = new ArrayList<>();
        for (MediaContent c : offer.contents()) {
            if (!"audio".equals(c.type()) || receive != null && receive.ssrc() != c.ssrc()) continue;
            Optional<PayloadType> opus = opus(c);
            if (opus.isEmpty()) continue;
            PayloadType pt = opus.get();
            var feedback = pt.feedbackTypes().stream().filter(f -> "transport-cc".equals(f.type())).toList();
            var kept = new PayloadType(pt.id(), pt.name(), pt.clockrate(), pt.channels(), feedback, pt.parameters());
            var extensions = c.rtpExtensions().stream()
                    .filter(e -> ABS_SEND_TIME.equals(e.uri()) || TRANSPORT_CC.equals(e.uri())).toList();
            accepted.add(new MediaContent("audio", c.ssrc(), List.of(), List.of(kept), extensions));
            receive = new ReceiveParams(c.ssrc(), pt.id(), extensionId(c, ABS_SEND_TIME), extensionId(c, TRANSPORT_CC));
        }
        return new NegotiateChannels(offer.exchangeId(), List.copyOf(accepted));
    }

    private static Optional<PayloadType> opus(MediaContent c) {
        return c.payloadTypes().stream()
                .filter(p -> "opus".equalsIgnoreCase(p.name()) && p.clockrate() == 48000)
                .findFirst();
    }

    private static int extensionId(MediaContent c, String uri) {
        return c.rtpExtensions().stream().filter(e -> uri.equals(e.uri())).mapToInt(RtpExtension::id)
                .filter(id -> id >= 1 && id <= 14).findFirst().orElse(0);
    }

    public Optional<SendParams> sendParams() {
        return Optional.ofNullable(send);
    }

    public Optional<ReceiveParams> receiveParams() {
        return Optional.ofNullable(receive);
    }
}
