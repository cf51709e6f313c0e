package org.tgari.voip.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tgari.voip.stun.Rfc5769Vectors.hex;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The TURN attributes (RFC 8656 §18) through builder and parser, and their exact wire form. */
class StunTurnAttributesTest {
    private static final byte[] TID = hex("b7e7a701bc34d686fa87dfae");

    @Test
    void everyTurnAttributeRoundTripsAndSignsWithALongTermKey() throws Exception {
        var peer = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853);
        var relayed = new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 49152);
        byte[] key = StunMessage.longTermKey("user", "realm.example", "pass");
        byte[] built = StunMessageBuilder.of(StunMessage.type(0x009, StunMessageClass.REQUEST), TID)
                .add(new StunAttribute.ChannelNumber(0x4001))
                .add(new StunAttribute.XorPeerAddress(peer))
                .add(new StunAttribute.XorRelayedAddress(relayed))
                .add(new StunAttribute.Lifetime(600))
                .add(new StunAttribute.RequestedTransport(StunAttribute.RequestedTransport.UDP))
                .add(new StunAttribute.Data(new byte[] {1, 2, 3, 4, 5}))
                .add(new StunAttribute.Username("user"))
                .add(new StunAttribute.Realm("realm.example"))
                .add(new StunAttribute.Nonce("abc"))
                .build(key, false);
        StunMessage m = ((StunParseResult.Parsed) StunParser.parse(built, 0, built.length)).message();
        assertThat(m.type()).isEqualTo(0x0009);
        assertThat(m.method()).isEqualTo(0x009);
        assertThat(m.attributes()).startsWith(new StunAttribute.ChannelNumber(0x4001), new StunAttribute.XorPeerAddress(peer),
                new StunAttribute.XorRelayedAddress(relayed), new StunAttribute.Lifetime(600), new StunAttribute.RequestedTransport(17),
                new StunAttribute.Data(new byte[] {1, 2, 3, 4, 5}), new StunAttribute.Username("user"),
                new StunAttribute.Realm("realm.example"), new StunAttribute.Nonce("abc"));
        assertThat(m.unknownComprehensionRequired()).isEmpty();
        assertThat(m.verifyIntegrity(key)).isTrue();
        assertThat(m.verifyIntegrity(StunMessage.longTermKey("user", "realm.example", "Pass"))).isFalse();
    }

    @Test
    void wireFormMatchesRfc8656Layouts() throws Exception {
        // XOR-PEER-ADDRESS uses the XOR-MAPPED-ADDRESS layout: RFC 5769's 192.0.2.1:32853 with its transaction id
        byte[] peer = StunMessageBuilder.of(0x0016, TID)
                .add(new StunAttribute.XorPeerAddress(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853)))
                .build(null, false);
        assertThat(HexFormat.of().formatHex(peer, 20, peer.length)).isEqualTo("00120008" + "0001a147e112a643");
        byte[] rest = StunMessageBuilder.of(0x0003, TID)
                .add(new StunAttribute.RequestedTransport(17))
                .add(new StunAttribute.Lifetime(0x258))
                .add(new StunAttribute.ChannelNumber(0x4FFF))
                .build(null, false);
        assertThat(HexFormat.of().formatHex(rest, 20, rest.length)).isEqualTo("0019000411000000" + "000d000400000258" + "000c00044fff0000");
    }

    @Test
    void messageTypesInterleaveMethodAndClass() {
        assertThat(StunMessage.type(0x001, StunMessageClass.REQUEST)).isEqualTo(StunMessage.BINDING_REQUEST);
        assertThat(StunMessage.type(0x001, StunMessageClass.SUCCESS_RESPONSE)).isEqualTo(StunMessage.BINDING_SUCCESS);
        assertThat(StunMessage.type(0x001, StunMessageClass.ERROR_RESPONSE)).isEqualTo(StunMessage.BINDING_ERROR);
        assertThat(StunMessage.type(0x006, StunMessageClass.INDICATION)).isEqualTo(0x0016);
        assertThat(StunMessage.type(0x007, StunMessageClass.INDICATION)).isEqualTo(0x0017);
        assertThat(StunMessage.type(0x008, StunMessageClass.ERROR_RESPONSE)).isEqualTo(0x0118);
        assertThat(StunMessage.type(0xFFF, StunMessageClass.ERROR_RESPONSE)).isEqualTo(0x3FFF);
    }

    @Test
    void malformedTurnAttributesAreRejected() {
        assertThat(parse(attr(0x000C, "3fff0000"))).as("channel below 0x4000").isInstanceOf(StunParseResult.Rejected.class);
        assertThat(parse(attr(0x000C, "5000"))).as("channel of 2 bytes").isInstanceOf(StunParseResult.Rejected.class);
        assertThat(parse(attr(0x000D, "0000"))).as("short lifetime").isInstanceOf(StunParseResult.Rejected.class);
        assertThat(parse(attr(0x0019, "11"))).as("short requested transport").isInstanceOf(StunParseResult.Rejected.class);
        assertThat(parse(attr(0x0012, "0003a147e112a643"))).as("unknown address family").isInstanceOf(StunParseResult.Rejected.class);
        assertThat(parse(attr(0x0016, "0001a147e112"))).as("truncated relayed address").isInstanceOf(StunParseResult.Rejected.class);
        assertThat(parse(attr(0x0013, ""))).as("empty DATA is legal").isInstanceOf(StunParseResult.Parsed.class);
    }

    private static StunParseResult parse(byte[] msg) {
        return StunParser.parse(msg, 0, msg.length);
    }

    private static byte[] attr(int type, String valueHex) {
        byte[] value = HexFormat.of().parseHex(valueHex);
        var b = StunMessageBuilder.of(0x0103, TID).raw(type, value);
        return b.build(null, false);
    }
}
