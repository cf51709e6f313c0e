package org.tgari.voip.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 3711 Appendix B.2/B.3 and the libsrtp srtp_driver reference packets. */
class SrtpVectorsTest {
    static final byte[] MASTER_KEY = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
    static final byte[] MASTER_SALT = hex("0EC675AD498AFEEBB6960B3AABE6");

    @Test
    void appendixB2AesCmKeystream() {
        byte[] key = hex("2B7E151628AED2A6ABF7158809CF4F3C");
        byte[] iv = hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        int blocks = 65282; // the RFC's keystream segment: 1044512 octets
        for (KeystreamCipher cipher : new KeystreamCipher[] {new EcbKeystreamCipher(key), new CtrKeystreamCipher(key)}) {
            byte[] stream = new byte[blocks * 16];
            cipher.xor(iv, stream, 0, stream.length);
            assertThat(block(stream, 0x0000)).isEqualTo(hex("E03EAD0935C95E80E166B16DD92B4EB4"));
            assertThat(block(stream, 0x0001)).isEqualTo(hex("D23513162B02D0F72A43A2FE4A5F97AB"));
            assertThat(block(stream, 0x0002)).isEqualTo(hex("41E95B3BB0A2E8DD477901E4FCA894C0"));
            assertThat(block(stream, 0xFEFF)).isEqualTo(hex("EC8CDF7398607CB0F2D21675EA9EA1E4"));
            assertThat(block(stream, 0xFF00)).isEqualTo(hex("362B7C3C6773516318A077D7FC5073AE"));
            assertThat(block(stream, 0xFF01)).isEqualTo(hex("6A2CC3787889374FBEB4C81B17BA6C44"));
        }
    }

    @Test
    void appendixB3KeyDerivation() {
        assertThat(SrtpKeyDerivation.derive(MASTER_KEY, MASTER_SALT, SrtpKeyDerivation.LABEL_RTP_ENCRYPTION, 16))
                .isEqualTo(hex("C61E7A93744F39EE10734AFE3FF7A087"));
        assertThat(SrtpKeyDerivation.derive(MASTER_KEY, MASTER_SALT, SrtpKeyDerivation.LABEL_RTP_SALT, 14))
                .isEqualTo(hex("30CBBC08863D8C85D49DB34A9AE1"));
        assertThat(SrtpKeyDerivation.derive(MASTER_KEY, MASTER_SALT, SrtpKeyDerivation.LABEL_RTP_AUTH, 94)).isEqualTo(hex("""
                CEBE321F6FF7716B6FD4AB49AF256A15 6D38BAA48F0A0ACF3C34E2359E6CDBCE
                E049646C43D9327AD175578EF7227098 6371C10C9A369AC2F94A8C5FBCDDDC25
                6D6E919A48B610EF17C2041E47403576 6B68642C59BBFC2F34DB60DBDFB2"""));
    }

    @Test
    void libsrtpReferenceRtpPacket() {
        byte[] plain = hex("800f1234decafbadcafebabe abababababababababababababababab");
        byte[] expected = hex("800f1234decafbadcafebabe 4e55dc4ce79978d88ca4d215949d2402 b78d6acc99ea179b8dbb");
        byte[] buf = Arrays.copyOf(plain, plain.length + SrtpContext.RTP_TAG_LENGTH);
        int n = SrtpContext.forSending(MASTER_KEY, MASTER_SALT).protectRtp(buf, 0, plain.length);
        assertThat(n).isEqualTo(expected.length);
        assertThat(buf).isEqualTo(expected);

        int m = SrtpContext.forReceiving(MASTER_KEY, MASTER_SALT).unprotectRtp(buf, 0, n);
        assertThat(m).isEqualTo(plain.length);
        assertThat(Arrays.copyOf(buf, m)).isEqualTo(plain);
    }

    @Test
    void libsrtpReferenceRtcpPacket() {
        byte[] plain = hex("81c8000bcafebabe abababababababababababababababab");
        byte[] expected = hex("81c8000bcafebabe 7128035be487b9bdbef89041f977a5a8 80000001 993e08cd54d6c1230798");
        byte[] buf = Arrays.copyOf(plain, plain.length + SrtpContext.RTCP_TRAILER_LENGTH);
        int n = SrtpContext.forSending(MASTER_KEY, MASTER_SALT).protectRtcp(buf, 0, plain.length);
        assertThat(n).isEqualTo(expected.length);
        assertThat(buf).isEqualTo(expected);

        int m = SrtpContext.forReceiving(MASTER_KEY, MASTER_SALT).unprotectRtcp(buf, 0, n);
        assertThat(m).isEqualTo(plain.length);
        assertThat(Arrays.copyOf(buf, m)).isEqualTo(plain);
    }

    @Test
    void dtlsExporterSplit() {
        byte[] material = new byte[60];
        for (int i = 0; i < 60; i++) material[i] = (byte) i;
        SrtpKeys client = SrtpKeys.fromDtlsExporter(material, true);
        SrtpKeys server = SrtpKeys.fromDtlsExporter(material, false);
        assertThat(client.localMasterKey()).isEqualTo(Arrays.copyOfRange(material, 0, 16));
        assertThat(client.remoteMasterKey()).isEqualTo(Arrays.copyOfRange(material, 16, 32));
        assertThat(client.localMasterSalt()).isEqualTo(Arrays.copyOfRange(material, 32, 46));
        assertThat(client.remoteMasterSalt()).isEqualTo(Arrays.copyOfRange(material, 46, 60));
        assertThat(server.localMasterKey()).isEqualTo(client.remoteMasterKey());
        assertThat(server.localMasterSalt()).isEqualTo(client.remoteMasterSalt());
        assertThat(server.remoteMasterKey()).isEqualTo(client.localMasterKey());
        assertThat(client.toString()).doesNotContain("0, 1, 2");

        byte[] rtp = SrtpRoundTripTest.rtp(7, 0x11223344, 100);
        byte[] buf = Arrays.copyOf(rtp, rtp.length + 10);
        int n = client.sendingContext().protectRtp(buf, 0, rtp.length);
        assertThat(server.receivingContext().unprotectRtp(buf, 0, n)).isEqualTo(rtp.length);
        assertThat(Arrays.copyOf(buf, rtp.length)).isEqualTo(rtp);
    }

    private static byte[] block(byte[] stream, int index) {
        return Arrays.copyOfRange(stream, index * 16, index * 16 + 16);
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }
}
