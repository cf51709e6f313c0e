package org.tgari.voip.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tgari.voip.stun.Rfc5769Vectors.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StunMalformedTest {

    private static String rejection(byte[] bytes) {
        StunParseResult result = StunParser.parse(bytes, 0, bytes.length);
        assertThat(result).isInstanceOf(StunParseResult.Rejected.class);
        return ((StunParseResult.Rejected) result).reason();
    }

    @Test
    void badMagicCookie() {
        byte[] b = REQUEST.clone();
        b[4] ^= 1;
        assertThat(rejection(b)).contains("magic cookie");
        assertThat(StunMessage.isStun(b, 0, b.length)).isFalse();
    }

    @Test
    void lengthNotMultipleOfFour() {
        byte[] b = Arrays.copyOf(REQUEST, REQUEST.length + 2);
        StunWire.put16(b, 2, StunWire.u16(REQUEST, 2) + 2);
        assertThat(rejection(b)).contains("multiple of 4");
        assertThat(StunMessage.isStun(b, 0, b.length)).isFalse();
    }

    @Test
    void lengthDisagreesWithDatagram() {
        assertThat(rejection(Arrays.copyOf(REQUEST, REQUEST.length - 4))).contains("does not match");
        assertThat(rejection(Arrays.copyOf(REQUEST, REQUEST.length + 4))).contains("does not match");
    }

    @Test
    void attributeOverrun() {
        byte[] b = REQUEST.clone();
        StunWire.put16(b, 22, 0x0100); // SOFTWARE claims 256 bytes
        assertThat(rejection(b)).contains("overruns");
    }

    @Test
    void truncatedHeaderAndLeadingBits() {
        assertThat(rejection(Arrays.copyOf(REQUEST, 19))).contains("shorter");
        byte[] b = REQUEST.clone();
        b[0] |= (byte) 0x80;
        assertThat(rejection(b)).contains("leading bits");
        assertThat(StunMessage.isStun(b, 0, b.length)).isFalse();
        assertThat(StunParser.parse(REQUEST, 10, REQUEST.length)).isInstanceOf(StunParseResult.Rejected.class);
    }

    @Test
    void badFingerprint() {
        byte[] b = REQUEST.clone();
        b[b.length - 1] ^= 1;
        assertThat(rejection(b)).isEqualTo("bad fingerprint");
    }

    @Test
    void bodyTamperingIsCaughtByFingerprintThenByIntegrity() {
        byte[] b = REQUEST.clone();
        b[25] ^= 1; // inside SOFTWARE
        assertThat(rejection(b)).isEqualTo("bad fingerprint");

        byte[] noFingerprint = StunMessageBuilder.bindingRequest(TRANSACTION_ID)
                .add(new StunAttribute.Username("evtj:h6vY"))
                .build(StunMessage.shortTermKey(SHORT_TERM_PASSWORD), false);
        noFingerprint[24] ^= 1;
        StunParseResult result = StunParser.parse(noFingerprint, 0, noFingerprint.length);
        assertThat(result).isInstanceOf(StunParseResult.Parsed.class);
        StunMessage m = ((StunParseResult.Parsed) result).message();
        assertThat(m.verifyIntegrity(StunMessage.shortTermKey(SHORT_TERM_PASSWORD))).isFalse();
    }

    @Test
    void malformedKnownAttributes() {
        byte[] badPriority = StunMessageBuilder.bindingRequest(TRANSACTION_ID).raw(StunAttribute.TYPE_PRIORITY, new byte[3]).build(null, false);
        assertThat(rejection(badPriority)).contains("0x24");
        byte[] badFamily = StunMessageBuilder.bindingSuccess(TRANSACTION_ID).raw(StunAttribute.TYPE_XOR_MAPPED_ADDRESS, new byte[] {0, 3, 0, 0, 1, 2, 3, 4}).build(null, false);
        assertThat(rejection(badFamily)).contains("0x20");
        byte[] badError = StunMessageBuilder.bindingError(TRANSACTION_ID).raw(StunAttribute.TYPE_ERROR_CODE, new byte[] {0, 0, 2, 0}).build(null, false);
        assertThat(rejection(badError)).contains("0x9");
        byte[] badUseCandidate = StunMessageBuilder.bindingRequest(TRANSACTION_ID).raw(StunAttribute.TYPE_USE_CANDIDATE, new byte[4]).build(null, false);
        assertThat(rejection(badUseCandidate)).contains("0x25");
    }

    @Test
    void attributeAfterFingerprint() {
        byte[] b = Arrays.copyOf(REQUEST, REQUEST.length + 4);
        StunWire.put16(b, 2, b.length - 20);
        StunWire.put16(b, REQUEST.length, StunAttribute.TYPE_USE_CANDIDATE);
        // the fingerprint no longer matches the longer header either; whichever comes first, it is rejected
        assertThat(rejection(b)).isNotBlank();
    }

    @Test
    void isStunAcceptsOffsetAndRejectsNonStun() {
        byte[] shifted = new byte[REQUEST.length + 7];
        System.arraycopy(REQUEST, 0, shifted, 7, REQUEST.length);
        assertThat(StunMessage.isStun(shifted, 7, REQUEST.length)).isTrue();
        assertThat(StunParser.parse(shifted, 7, REQUEST.length)).isInstanceOf(StunParseResult.Parsed.class);
        assertThat(StunMessage.isStun(new byte[] {(byte) 0x80, 0, 0, 0}, 0, 4)).isFalse();
        assertThat(StunMessage.isStun(REQUEST, 0, REQUEST.length + 1)).isFalse();
    }
}
