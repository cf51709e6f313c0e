package org.tgari.voip.signaling;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/** Turns one decrypted message payload into a delivered {@link SignalingMessage}: gunzip if needed, decode, count. */
final class IncomingPayloads {
    /** tgcalls' gunzip cap for signaling. */
    static final int MAX_GUNZIPPED = 2 * 1024 * 1024;

    private final Consumer<SignalingMessage> messageIn;
    private final SignalingStats stats;

    IncomingPayloads(Consumer<SignalingMessage> messageIn, SignalingStats stats) {
        this.messageIn = messageIn;
        this.stats = stats;
    }

    void deliver(byte[] payload, int off, int len) {
        byte[] json = isGzip(payload, off, len) ? gunzip(payload, off, len) : slice(payload, off, len);
        if (json == null) {
            stats.countInvalidMessage();
            return;
        }
        switch (SignalingJson.decodeDetailed(json)) {
            case SignalingJson.Decoded(SignalingMessage m) -> {
                stats.countMessageIn();
                messageIn.accept(m);
            }
            case SignalingJson.Unknown u -> stats.countUnknownMessage();
            case SignalingJson.Invalid i -> stats.countInvalidMessage();
        }
    }

    /** Peers of V1/V3 may gzip their JSON; tgcalls accepts gzip on every version, so do we. */
    private static boolean isGzip(byte[] b, int off, int len) {
        return len >= 2 && (b[off] & 0xFF) == 0x1F && (b[off + 1] & 0xFF) == 0x8B;
    }

    private static byte[] slice(byte[] b, int off, int len) {
        if (off == 0 && len == b.length) {
            return b;
        }
        byte[] out = new byte[len];
        System.arraycopy(b, off, out, 0, len);
        return out;
    }

    private static byte[] gunzip(byte[] b, int off, int len) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(b, off, len))) {
            byte[] out = in.readNBytes(MAX_GUNZIPPED + 1);
            return out.length > MAX_GUNZIPPED ? null : out;
        } catch (IOException e) {
            return null;
        }
    }
}
