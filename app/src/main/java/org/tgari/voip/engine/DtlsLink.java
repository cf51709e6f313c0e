package org.tgari.voip.engine;

import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.tgari.voip.SetupTimeline;
import org.tgari.voip.dtls.DtlsCertificate;
import org.tgari.voip.dtls.DtlsEndpoint;
import org.tgari.voip.dtls.SrtpKeyingMaterial;
import org.tgari.voip.log.LogContext;

/**
 * The DTLS side of one media session: the endpoint started once ICE has a writable pair and the peer's
 * fingerprint is known, the peer's records that arrive before that kept for it, and the outcome brought
 * back onto the session's context. Confined to that context, apart from the endpoint's own thread.
 */
final class DtlsLink implements AutoCloseable {

    /** The outcome, on the session's context. */
    interface Events {
        void up(SrtpKeyingMaterial keys);

        void failed(String reason);
    }

    /** DTLS records kept until our endpoint starts: a whole first flight, with room to spare. */
    private static final int MAX_EARLY = 16;
    /** The first resend when no round trip is known: BouncyCastle's (and RFC 6347's) default. */
    private static final int DEFAULT_FIRST_RESEND_MS = 1000;

    private final Context context;
    private final DtlsCertificate certificate;
    private final DtlsEndpoint.Role role;
    private final Consumer<byte[]> out;
    private final SetupTimeline timeline;
    private final LogContext log;
    private final Events events;
    private final List<byte[]> early = new ArrayList<>();
    private DtlsEndpoint endpoint;
    private volatile boolean up;
    private boolean closed;
    private long droppedEarly;

    DtlsLink(Context context, DtlsCertificate certificate, DtlsEndpoint.Role role, Consumer<byte[]> out, SetupTimeline timeline,
             LogContext log, Events events) {
        this.context = context;
        this.certificate = certificate;
        this.role = role;
        this.out = out;
        this.timeline = timeline;
        this.log = log;
        this.events = events;
    }

    boolean started() {
        return endpoint != null;
    }

    /**
     * Starts the handshake, which may take until {@code deadlineNanos}; {@code rttMs} is the writable
     * pair's round trip (-1: unknown) and sets the first resend.
     */
    void start(String remoteFingerprint, long deadlineNanos, long rttMs) {
        if (endpoint != null || closed) return;
        int firstResend = rttMs >= 0 ? DtlsEndpoint.firstResendFor(rttMs) : DEFAULT_FIRST_RESEND_MS;
        endpoint = new DtlsEndpoint(role, certificate, remoteFingerprint, d -> {
            if (!up) timeline.mark("dtls out");
            out.accept(d);
        }, new EndpointEvents(), deadlineNanos, firstResend, log);
        timeline.mark("dtls start");
        endpoint.start();
        for (byte[] record : early) endpoint.receive(record, 0, record.length);
        early.clear();
    }

    /** A DTLS record from the network. */
    void receive(byte[] buf, int off, int len) {
        if (!up) timeline.mark("dtls in");
        if (endpoint != null) {
            endpoint.receive(buf, off, len);
        } else if (early.size() < MAX_EARLY) {
            // The peer's first flight can beat our own ICE or its fingerprint; dropping it would cost a
            // whole DTLS retransmission timeout before the call has audio.
            early.add(Arrays.copyOfRange(buf, off, off + len));
        } else {
            droppedEarly++;
        }
    }

    /** Records dropped because more arrived before the endpoint started than it keeps. */
    long droppedEarly() {
        return droppedEarly;
    }

    @Override
    public void close() {
        closed = true;
        early.clear();
        if (endpoint != null) endpoint.close();
    }

    private final class EndpointEvents implements DtlsEndpoint.Listener {
        @Override
        public void connected(SrtpKeyingMaterial keys) {
            context.runOnContext(v -> {
                if (closed) return;
                up = true;
                timeline.mark("dtls done");
                events.up(keys);
            });
        }

        @Override
        public void failed(String reason) {
            context.runOnContext(v -> {
                if (!closed) events.failed(reason);
            });
        }

        @Override
        public void applicationData(byte[] data, int off, int len) {
            // SCTP (the MediaState data channel) is not implemented yet; its packets are dropped.
        }
    }
}
