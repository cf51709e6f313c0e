package org.tgari.voip.signaling;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.tgari.wire.Bytes;

/**
 * Signaling of version 7.0.0: each JSON message travels alone as {@code counter(u32 BE) ‖ JSON},
 * encrypted; no acks (TDLib's MTProto already delivers signaling reliably). Gzipped JSON is accepted
 * on receipt, as tgcalls does.
 */
final class RawSignalingChannel implements SignalingChannel {

    static final int MAX_SIGNALING_PACKET = 16 * 1024;
    static final long MAX_COUNTER = (1L << 30) - 1;
    private static final int MAX_GUNZIPPED = 2 * 1024 * 1024;

    private final SignalingCipher cipher;
    private final Consumer<byte[]> blobOut;
    private final Consumer<SignalingMessage> messageIn;
    private final SignalingStats stats;
    private final IncomingPackets incoming;
    private long counter;
    private boolean closed;

    RawSignalingChannel(SignalingCipher cipher, Consumer<byte[]> blobOut, Consumer<SignalingMessage> messageIn, SignalingStats stats) {
        this.cipher = cipher;
        this.blobOut = blobOut;
        this.messageIn = messageIn;
        this.stats = stats;
        this.incoming = new IncomingPackets(cipher, stats);
    }

    @Override
    public void send(SignalingMessage m) {
        if (closed || counter >= MAX_COUNTER) return;
        byte[] json = SignalingJson.encode(m);
        if (16 + 4 + json.length > MAX_SIGNALING_PACKET) {
            stats.tooLarge++;
            return;
        }
        byte[] plain = new byte[4 + json.length];
        Bytes.putU32(plain, 0, ++counter);
        System.arraycopy(json, 0, plain, 4, json.length);
        stats.messagesOut++;
        stats.blobsOut++;
        blobOut.accept(cipher.encrypt(plain));
    }

    @Override
    public void receive(byte[] blob) {
        if (closed) return;
        byte[] plain = incoming.open(blob);
        if (plain == null) return;
        stats.accepted++;
        byte[] json = Arrays.copyOfRange(plain, 4, plain.length);
        if (json.length >= 2 && (json[0] & 0xFF) == 0x1F && (json[1] & 0xFF) == 0x8B) {
            json = gunzip(json);
            if (json == null) {
                stats.malformed++;
                return;
            }
        }
        var message = SignalingJson.decode(json);
        if (message.isEmpty()) {
            stats.unknownMessages++;
            return;
        }
        stats.messagesIn++;
        messageIn.accept(message.get());
    }

    private static byte[] gunzip(byte[] data) {
        try (var in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            byte[] out = in.readNBytes(MAX_GUNZIPPED + 1);
            return out.length > MAX_GUNZIPPED ? null : out;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
