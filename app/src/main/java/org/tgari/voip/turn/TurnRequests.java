package org.tgari.voip.turn;

import java.net.InetSocketAddress;
import org.tgari.voip.stun.StunAttribute;
import org.tgari.voip.stun.StunMessageBuilder;

/** Encodes the TURN requests and the Send indication a UDP client needs (RFC 8656). */
final class TurnRequests {
    private TurnRequests() {}

    /** Allocate for a UDP relay; {@code auth} null makes the first, unauthenticated request that draws the 401 challenge. */
    static byte[] allocate(byte[] tid, TurnAuth auth, long lifetimeSeconds) {
        var b = StunMessageBuilder.of(TurnMethod.ALLOCATE.request(), tid)
                .add(new StunAttribute.RequestedTransport(StunAttribute.RequestedTransport.UDP))
                .add(new StunAttribute.Lifetime(lifetimeSeconds));
        return signed(b, auth);
    }

    /** Refresh; a lifetime of 0 deletes the allocation. */
    static byte[] refresh(byte[] tid, TurnAuth auth, long lifetimeSeconds) {
        return signed(StunMessageBuilder.of(TurnMethod.REFRESH.request(), tid).add(new StunAttribute.Lifetime(lifetimeSeconds)), auth);
    }

    static byte[] createPermission(byte[] tid, TurnAuth auth, InetSocketAddress peer) {
        return signed(StunMessageBuilder.of(TurnMethod.CREATE_PERMISSION.request(), tid).add(new StunAttribute.XorPeerAddress(peer)), auth);
    }

    static byte[] channelBind(byte[] tid, TurnAuth auth, int channel, InetSocketAddress peer) {
        return signed(StunMessageBuilder.of(TurnMethod.CHANNEL_BIND.request(), tid)
                .add(new StunAttribute.ChannelNumber(channel))
                .add(new StunAttribute.XorPeerAddress(peer)), auth);
    }

    /** Send indication: unauthenticated by design (RFC 8656 §11.1); the permission is what guards it. */
    static byte[] send(byte[] tid, InetSocketAddress peer, byte[] data, int off, int len) {
        return StunMessageBuilder.of(TurnMethod.SEND.indication(), tid)
                .add(new StunAttribute.XorPeerAddress(peer))
                .add(new StunAttribute.Data(java.util.Arrays.copyOfRange(data, off, off + len)))
                .build(null, false);
    }

    private static byte[] signed(StunMessageBuilder b, TurnAuth auth) {
        if (auth == null) return b.build(null, false);
        return b.add(new StunAttribute.Username(auth.username()))
                .add(new StunAttribute.Realm(auth.realm()))
                .add(new StunAttribute.Nonce(auth.nonce()))
                .build(auth.key(), false);
    }
}
