package org.tgari.voip.signaling;

import java.util.function.Consumer;

/** Signaling V1 (7.0.0): each message is one packet {@code seq32 ‖ JSON}; no acks, MTProto already delivers reliably. */
final class RawSignalingChannel implements SignalingChannel {
    static final int MAX_PACKET = AckedSignalingChannel.MAX_PACKET;

    private final SignalingCipher cipher;
    private final Consumer<byte[]> blobOut;
    private final IncomingPayloads payloads;
    private final SignalingStats stats;
    private final ReplayWindow replay = new ReplayWindow();
    private int counter;
    private boolean closed;

    RawSignalingChannel(SignalingCipher cipher, Consumer<byte[]> blobOut, IncomingPayloads payloads,
                        SignalingStats stats) {
        this.cipher = cipher;
        this.blobOut = blobOut;
        this.payloads = payloads;
        this.stats = stats;
    }

    @Override
    public void send(SignalingMessage m) {
        byte[] json = SignalingJson.encode(m);
        // tgcalls itself does not limit V1 packets; we keep every signaling blob within the V2 limit of 16 KiB.
        if (closed || counter >= Seq.MAX_COUNTER || SignalingCipher.MSG_KEY_SIZE + 4 + json.length > MAX_PACKET) {
            stats.countSendRejected();
            return;
        }
        byte[] plain = new byte[4 + json.length];
        Seq.writeBe(plain, 0, ++counter);
        System.arraycopy(json, 0, plain, 4, json.length);
        stats.countMessageOut();
        stats.countBlobOut();
        blobOut.accept(cipher.encrypt(plain));
    }

    @Override
    public void receive(byte[] blob) {
        stats.countBlobIn();
        if (closed) {
            stats.countDroppedClosed();
            return;
        }
        switch (cipher.decrypt(blob)) {
            case SignalingCipher.Rejected(SignalingCipher.Reason reason) -> {
                if (reason == SignalingCipher.Reason.BAD_SIZE) {
                    stats.countBadSize();
                } else {
                    stats.countBadMsgKey();
                }
            }
            case SignalingCipher.Decrypted(byte[] plain) -> {
                if (!replay.register(Seq.counter(Seq.readBe(plain, 0)))) {
                    stats.countReplayed();
                    return;
                }
                stats.countAccepted();
                payloads.deliver(plain, 4, plain.length - 4);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
