package org.tgari.voip.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tgari.voip.stun.Rfc5769Vectors.*;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class StunCodecTest {
    private static final byte[] KEY = StunMessage.shortTermKey(SHORT_TERM_PASSWORD);

    private static StunMessage parsed(byte[] bytes) {
        StunParseResult result = StunParser.parse(bytes, 0, bytes.length);
        assertThat(result).isInstanceOf(StunParseResult.Parsed.class);
        return ((StunParseResult.Parsed) result).message();
    }

    @Test
    void rfc5769SampleRequestParses() {
        StunMessage m = parsed(REQUEST);
        assertThat(m.type()).isEqualTo(StunMessage.BINDING_REQUEST);
        assertThat(m.method()).isEqualTo(StunMessage.BINDING);
        assertThat(m.messageClass()).isEqualTo(StunMessageClass.REQUEST);
        assertThat(m.transactionId()).isEqualTo(TRANSACTION_ID);
        assertThat(m.attributes()).containsExactly(
                new StunAttribute.Software("STUN test client"),
                new StunAttribute.Priority(0x6e0001ffL),
                new StunAttribute.IceControlled(0x932ff9b151263b36L),
                new StunAttribute.Username("evtj:h6vY"),
                new StunAttribute.MessageIntegrity(hex("9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2")),
                new StunAttribute.Fingerprint(0xe57a3bcf));
        assertThat(m.verifyIntegrity(KEY)).isTrue();
        assertThat(m.verifyIntegrity(StunMessage.shortTermKey("wrong"))).isFalse();
        assertThat(m.unknownComprehensionRequired()).isEmpty();
    }

    @Test
    void rfc5769SampleRequestBuildsByteForByte() {
        byte[] built = StunMessageBuilder.bindingRequest(TRANSACTION_ID)
                .padding(0x20)
                .add(new StunAttribute.Software("STUN test client"))
                .add(new StunAttribute.Priority(0x6e0001ffL))
                .add(new StunAttribute.IceControlled(0x932ff9b151263b36L))
                .add(new StunAttribute.Username("evtj:h6vY"))
                .build(KEY, true);
        assertThat(built).isEqualTo(REQUEST);
    }

    @Test
    void rfc5769Ipv4ResponseBothDirections() throws Exception {
        StunMessage m = parsed(IPV4_RESPONSE);
        InetSocketAddress mapped = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853);
        assertThat(m.messageClass()).isEqualTo(StunMessageClass.SUCCESS_RESPONSE);
        assertThat(m.attribute(StunAttribute.Software.class)).contains(new StunAttribute.Software("test vector"));
        assertThat(m.attribute(StunAttribute.XorMappedAddress.class)).contains(new StunAttribute.XorMappedAddress(mapped));
        assertThat(m.verifyIntegrity(KEY)).isTrue();

        byte[] built = StunMessageBuilder.bindingSuccess(TRANSACTION_ID)
                .padding(0x20)
                .add(new StunAttribute.Software("test vector"))
                .add(new StunAttribute.XorMappedAddress(mapped))
                .build(KEY, true);
        assertThat(built).isEqualTo(IPV4_RESPONSE);
    }

    @Test
    void rfc5769Ipv6ResponseBothDirections() throws Exception {
        StunMessage m = parsed(IPV6_RESPONSE);
        InetSocketAddress mapped = new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853);
        assertThat(m.attribute(StunAttribute.XorMappedAddress.class)).contains(new StunAttribute.XorMappedAddress(mapped));
        assertThat(m.verifyIntegrity(KEY)).isTrue();

        byte[] built = StunMessageBuilder.bindingSuccess(TRANSACTION_ID)
                .padding(0x20)
                .add(new StunAttribute.Software("test vector"))
                .add(new StunAttribute.XorMappedAddress(mapped))
                .build(KEY, true);
        assertThat(built).isEqualTo(IPV6_RESPONSE);
    }

    @Test
    void rfc5769LongTermRequestVerifiesWithMd5Key() throws Exception {
        StunMessage m = parsed(LONG_TERM_REQUEST);
        assertThat(m.attribute(StunAttribute.Username.class)).contains(new StunAttribute.Username("マトリックス"));
        assertThat(m.attribute(StunAttribute.Nonce.class)).contains(new StunAttribute.Nonce("f//499k954d6OL34oL9FSTvy64sA"));
        assertThat(m.attribute(StunAttribute.Realm.class)).contains(new StunAttribute.Realm("example.org"));
        assertThat(m.unknownComprehensionRequired()).isEmpty();
        byte[] key = MessageDigest.getInstance("MD5").digest("マトリックス:example.org:TheMatrIX".getBytes(StandardCharsets.UTF_8));
        assertThat(StunMessage.longTermKey("マトリックス", "example.org", "TheMatrIX")).isEqualTo(key);
        assertThat(m.verifyIntegrity(key)).isTrue();
        assertThat(m.verifyIntegrity(StunMessage.longTermKey("マトリックス", "example.org", "TheMatrix"))).as("one letter off").isFalse();
        assertThat(m.attribute(StunAttribute.Fingerprint.class)).isEmpty();

        byte[] built = StunMessageBuilder.bindingRequest(m.transactionId())
                .add(new StunAttribute.Username("マトリックス"))
                .add(new StunAttribute.Nonce("f//499k954d6OL34oL9FSTvy64sA"))
                .add(new StunAttribute.Realm("example.org"))
                .build(StunMessage.longTermKey("マトリックス", "example.org", "TheMatrIX"), false);
        assertThat(built).isEqualTo(LONG_TERM_REQUEST);
    }

    @Test
    void iceCheckRoundTripWithAllIceAttributes() {
        byte[] tid = hex("0102030405060708090a0b0c");
        byte[] built = StunMessageBuilder.bindingRequest(tid)
                .add(new StunAttribute.Username("gH3k:Twi8"))
                .add(new StunAttribute.Priority(0xFFFF_FFFFL))
                .add(new StunAttribute.IceControlling(-2L))
                .add(new StunAttribute.UseCandidate())
                .build(KEY, true);
        assertThat(StunMessage.isStun(built, 0, built.length)).isTrue();
        StunMessage m = parsed(built);
        assertThat(m.attributes()).startsWith(
                new StunAttribute.Username("gH3k:Twi8"),
                new StunAttribute.Priority(0xFFFF_FFFFL),
                new StunAttribute.IceControlling(-2L),
                new StunAttribute.UseCandidate());
        assertThat(m.verifyIntegrity(KEY)).isTrue();
    }

    @Test
    void roleConflictErrorResponseRoundTrip() {
        byte[] tid = hex("a0a1a2a3a4a5a6a7a8a9aaab");
        byte[] built = StunMessageBuilder.bindingError(tid)
                .add(new StunAttribute.ErrorCode(StunAttribute.ErrorCode.ROLE_CONFLICT, "Role Conflict"))
                .build(KEY, true);
        // class 4, number 87 in the 4-byte ERROR-CODE prefix
        assertThat(built[20 + 4 + 2]).isEqualTo((byte) 4);
        assertThat(built[20 + 4 + 3]).isEqualTo((byte) 87);
        StunMessage m = parsed(built);
        assertThat(m.messageClass()).isEqualTo(StunMessageClass.ERROR_RESPONSE);
        assertThat(m.attribute(StunAttribute.ErrorCode.class)).contains(new StunAttribute.ErrorCode(487, "Role Conflict"));
    }

    @Test
    void unknownComprehensionRequiredAttributeIsReported() {
        byte[] built = StunMessageBuilder.bindingRequest(TRANSACTION_ID)
                .raw(0x0042, new byte[] {1, 2, 3})
                .raw(0xC001, new byte[] {4})
                .build(null, true);
        StunMessage m = parsed(built);
        assertThat(m.unknownComprehensionRequired()).containsExactly(0x0042);
        assertThat(m.hasIntegrity()).isFalse();
        assertThat(m.verifyIntegrity(KEY)).isFalse();
    }

    @Test
    void attributesAfterIntegrityOtherThanFingerprintAreIgnored() {
        byte[] signed = StunMessageBuilder.bindingRequest(TRANSACTION_ID)
                .add(new StunAttribute.Username("a:b"))
                .build(KEY, false);
        byte[] extended = java.util.Arrays.copyOf(signed, signed.length + 8);
        StunWire.put16(extended, signed.length, StunAttribute.TYPE_PRIORITY);
        StunWire.put16(extended, signed.length + 2, 4);
        StunWire.put16(extended, 2, extended.length - 20);
        StunMessage m = parsed(extended);
        assertThat(m.attribute(StunAttribute.Priority.class)).isEmpty();
        assertThat(m.verifyIntegrity(KEY)).isTrue();
    }
}
