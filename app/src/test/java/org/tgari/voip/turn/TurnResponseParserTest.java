package org.tgari.voip.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.tgari.voip.stun.StunAttribute;
import org.tgari.voip.stun.StunMessage;
import org.tgari.voip.stun.StunMessageBuilder;

/** What the client accepts from a server, and what it drops. */
class TurnResponseParserTest {
    private static final byte[] TID = HexFormat.of().parseHex("0102030405060708090a0b0c");
    private static final byte[] KEY = StunMessage.longTermKey("alice", "tgari.test", "secret");
    private static final byte[] OTHER_KEY = StunMessage.longTermKey("alice", "tgari.test", "guess");

    @Test
    void a401ChallengeNamesRealmAndNonceWithoutIntegrity() {
        byte[] msg = StunMessageBuilder.of(TurnMethod.ALLOCATE.error(), TID)
                .add(new StunAttribute.ErrorCode(401, "Unauthorized"))
                .add(new StunAttribute.Realm("tgari.test"))
                .add(new StunAttribute.Nonce("n0nce"))
                .build(null, false);
        assertThat(parse(msg, null)).isEqualTo(new TurnResponse.Challenge(401, "tgari.test", "n0nce"));
        assertThat(parse(msg, KEY)).as("also while authenticated").isEqualTo(new TurnResponse.Challenge(401, "tgari.test", "n0nce"));
    }

    @Test
    void aChallengeWithoutNonceOrRealmIsDropped() {
        byte[] noNonce = StunMessageBuilder.of(TurnMethod.ALLOCATE.error(), TID)
                .add(new StunAttribute.ErrorCode(401, "Unauthorized")).add(new StunAttribute.Realm("r")).build(null, false);
        byte[] noRealm = StunMessageBuilder.of(TurnMethod.ALLOCATE.error(), TID)
                .add(new StunAttribute.ErrorCode(401, "Unauthorized")).add(new StunAttribute.Nonce("n")).build(null, false);
        byte[] staleNoRealm = StunMessageBuilder.of(TurnMethod.REFRESH.error(), TID)
                .add(new StunAttribute.ErrorCode(438, "Stale Nonce")).add(new StunAttribute.Nonce("n2")).build(null, false);
        assertThat(parse(noNonce, null)).isInstanceOf(TurnResponse.Rejected.class);
        assertThat(parse(noRealm, null)).isInstanceOf(TurnResponse.Rejected.class);
        assertThat(parse(staleNoRealm, KEY)).as("438 may keep the realm").isEqualTo(new TurnResponse.Challenge(438, null, "n2"));
    }

    @Test
    void anAllocateSuccessCountsOnlyWhenSignedWithOurKey() throws Exception {
        var relayed = new InetSocketAddress(InetAddress.getByName("198.51.100.7"), 50000);
        var mapped = new InetSocketAddress(InetAddress.getByName("203.0.113.9"), 40000);
        byte[] ok = allocateSuccess(relayed, mapped, KEY);
        assertThat(parse(ok, KEY)).isEqualTo(new TurnResponse.Allocated(relayed, mapped, 600));
        assertThat(parse(ok, OTHER_KEY)).isInstanceOf(TurnResponse.Rejected.class);
        assertThat(parse(ok, null)).as("before any challenge nothing can be verified").isInstanceOf(TurnResponse.Rejected.class);
        assertThat(parse(allocateSuccess(relayed, mapped, null), KEY)).as("unsigned").isInstanceOf(TurnResponse.Rejected.class);
        byte[] noRelayed = StunMessageBuilder.of(TurnMethod.ALLOCATE.success(), TID).add(new StunAttribute.Lifetime(600)).build(KEY, false);
        assertThat(parse(noRelayed, KEY)).isInstanceOf(TurnResponse.Rejected.class);
    }

    @Test
    void otherSuccessesAreTyped() {
        assertThat(parse(StunMessageBuilder.of(TurnMethod.REFRESH.success(), TID).add(new StunAttribute.Lifetime(0)).build(KEY, false), KEY))
                .isEqualTo(new TurnResponse.Refreshed(0));
        assertThat(parse(StunMessageBuilder.of(TurnMethod.CREATE_PERMISSION.success(), TID).build(KEY, true), KEY))
                .isEqualTo(new TurnResponse.PermissionCreated());
        assertThat(parse(StunMessageBuilder.of(TurnMethod.CHANNEL_BIND.success(), TID).build(KEY, false), KEY))
                .isEqualTo(new TurnResponse.ChannelBound());
    }

    @Test
    void aForgedUnsignedErrorCannotTearDownAnAllocation() {
        byte[] forged = StunMessageBuilder.of(TurnMethod.REFRESH.error(), TID).add(new StunAttribute.ErrorCode(437, "Allocation Mismatch")).build(null, false);
        assertThat(parse(forged, KEY)).isInstanceOf(TurnResponse.Rejected.class);
        byte[] signed = StunMessageBuilder.of(TurnMethod.REFRESH.error(), TID).add(new StunAttribute.ErrorCode(437, "Allocation Mismatch")).build(KEY, false);
        assertThat(parse(signed, KEY)).isEqualTo(new TurnResponse.Error(TurnMethod.REFRESH, 437, "Allocation Mismatch"));
        byte[] badRequest = StunMessageBuilder.of(TurnMethod.ALLOCATE.error(), TID).add(new StunAttribute.ErrorCode(400, "Bad Request")).build(null, false);
        assertThat(parse(badRequest, KEY)).as("400 may come unsigned").isEqualTo(new TurnResponse.Error(TurnMethod.ALLOCATE, 400, "Bad Request"));
    }

    @Test
    void dataIndicationsNeedPeerAndData() throws Exception {
        var peer = new InetSocketAddress(InetAddress.getByName("192.0.2.5"), 6000);
        byte[] ok = StunMessageBuilder.of(TurnMethod.DATA.indication(), TID)
                .add(new StunAttribute.XorPeerAddress(peer)).add(new StunAttribute.Data(new byte[] {9, 8, 7})).build(null, false);
        assertThat(parse(ok, KEY)).isEqualTo(new TurnResponse.DataIndication(peer, new byte[] {9, 8, 7}));
        byte[] noData = StunMessageBuilder.of(TurnMethod.DATA.indication(), TID).add(new StunAttribute.XorPeerAddress(peer)).build(null, false);
        assertThat(parse(noData, KEY)).isInstanceOf(TurnResponse.Rejected.class);
    }

    @Test
    void requestsBindingMessagesAndSendIndicationsFromTheServerAreDropped() {
        assertThat(parse(StunMessageBuilder.of(TurnMethod.ALLOCATE.request(), TID).build(null, false), KEY)).isInstanceOf(TurnResponse.Rejected.class);
        assertThat(parse(StunMessageBuilder.bindingSuccess(TID).build(KEY, false), KEY)).isInstanceOf(TurnResponse.Rejected.class);
        assertThat(parse(StunMessageBuilder.of(TurnMethod.SEND.indication(), TID).build(null, false), KEY)).isInstanceOf(TurnResponse.Rejected.class);
        assertThat(parse(new byte[] {0x40, 0, 0, 0}, KEY)).isInstanceOf(TurnResponse.Rejected.class);
    }

    @Test
    void requestsAreSignedWithTheLongTermKeyAndCarryTheirAttributes() throws Exception {
        var auth = TurnAuth.of(new TurnCredentials("alice", "secret"), "tgari.test", "n0nce");
        var peer = new InetSocketAddress(InetAddress.getByName("192.0.2.5"), 6000);
        byte[] bind = TurnRequests.channelBind(TID, auth, 0x4002, peer);
        var m = ((org.tgari.voip.stun.StunParseResult.Parsed) org.tgari.voip.stun.StunParser.parse(bind, 0, bind.length)).message();
        assertThat(m.type()).isEqualTo(0x0009);
        assertThat(m.verifyIntegrity(KEY)).isTrue();
        assertThat(m.attribute(StunAttribute.ChannelNumber.class)).contains(new StunAttribute.ChannelNumber(0x4002));
        assertThat(m.attribute(StunAttribute.XorPeerAddress.class)).contains(new StunAttribute.XorPeerAddress(peer));
        assertThat(m.attribute(StunAttribute.Nonce.class)).contains(new StunAttribute.Nonce("n0nce"));
        byte[] first = TurnRequests.allocate(TID, null, 600);
        var a = ((org.tgari.voip.stun.StunParseResult.Parsed) org.tgari.voip.stun.StunParser.parse(first, 0, first.length)).message();
        assertThat(a.hasIntegrity()).isFalse();
        assertThat(a.attribute(StunAttribute.RequestedTransport.class)).contains(new StunAttribute.RequestedTransport(17));
    }

    @Test
    void channelDataFraming() {
        byte[] out = new byte[16];
        int n = ChannelData.write(out, 2, 0x4001, new byte[] {5, 6, 7}, 0, 3);
        assertThat(n).isEqualTo(7);
        assertThat(HexFormat.of().formatHex(out, 2, 2 + n)).isEqualTo("40010003050607");
        assertThat(ChannelData.isChannelData(out, 2, n)).isTrue();
        assertThat(ChannelData.isChannelData(out, 2, n - 1)).as("truncated").isFalse();
        assertThat(ChannelData.isChannelData(new byte[] {0x50, 0, 0, 0}, 0, 4)).as("channel 0x5000 is reserved").isFalse();
        assertThat(ChannelData.channel(out, 2)).isEqualTo(0x4001);
        assertThat(ChannelData.payloadLength(out, 2)).isEqualTo(3);
    }

    private static byte[] allocateSuccess(InetSocketAddress relayed, InetSocketAddress mapped, byte[] key) {
        return StunMessageBuilder.of(TurnMethod.ALLOCATE.success(), TID)
                .add(new StunAttribute.XorRelayedAddress(relayed))
                .add(new StunAttribute.Lifetime(600))
                .add(new StunAttribute.XorMappedAddress(mapped))
                .build(key, false);
    }

    private static TurnResponse parse(byte[] msg, byte[] key) {
        return TurnResponseParser.parse(msg, 0, msg.length, key);
    }
}
