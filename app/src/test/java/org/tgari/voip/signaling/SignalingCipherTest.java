package org.tgari.voip.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tgari.voip.signaling.Vectors.HEX;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignalingCipherTest {
    private static final List<Vectors.Line> DET = Vectors.deterministic();
    private static final byte[] KEY = Vectors.key(DET);
    static final List<String> CAPTURES = Vectors.CAPTURES;

    @ParameterizedTest
    @ValueSource(ints = {0, 8, 128, 136})
    void kdfMatchesTgcalls(int x) {
        Vectors.Line kdf = Vectors.first(DET, "KDF", "x", Integer.toString(x));
        SignalingCipher.KeyIv keyIv = new SignalingCipher(KEY, true, SignalingCipher.Kind.SIGNALING)
                .deriveKeyIv(kdf.hex("msg_key"), x);
        assertThat(HEX.formatHex(keyIv.key())).isEqualTo(kdf.fields().get("aes_key"));
        assertThat(HEX.formatHex(keyIv.iv())).isEqualTo(kdf.fields().get("aes_iv"));
    }

    @Test
    void rawAesCtrMatchesTgcalls() {
        Vectors.Line ctr = Vectors.first(DET, "CTR", "x", "128");
        byte[] json = HEX.parseHex(Vectors.first(DET, "JSON_HEX").payload());
        SignalingCipher cipher = new SignalingCipher(KEY, true, SignalingCipher.Kind.SIGNALING);
        byte[] out = new byte[json.length];
        cipher.ctr(cipher.deriveKeyIv(ctr.hex("msg_key"), 128), json, 0, json.length, out, 0);
        assertThat(HEX.formatHex(out)).isEqualTo(ctr.fields().get("cipher"));
    }

    @Test
    void jsonHexIsTheJsonLine() {
        assertThat(HEX.parseHex(Vectors.first(DET, "JSON_HEX").payload()))
                .isEqualTo(Vectors.first(DET, "JSON").utf8());
    }

    /** Every deterministic packet line: the named role encrypts plain to cipher, the other role decrypts it back. */
    @Test
    void deterministicPacketsBothRoles() {
        int checked = 0;
        for (Vectors.Line l : DET) {
            var f = l.fields();
            if (!f.containsKey("plain") || !f.containsKey("cipher") || l.is("CTR")) {
                continue;
            }
            String role = f.containsKey("role") ? f.get("role") : f.get("from");
            boolean senderOutgoing = role.equals("outgoing");
            byte[] plain = l.hex("plain");
            byte[] cipher = l.hex("cipher");
            SignalingCipher sender = new SignalingCipher(KEY, senderOutgoing, SignalingCipher.Kind.SIGNALING);
            SignalingCipher receiver = new SignalingCipher(KEY, !senderOutgoing, SignalingCipher.Kind.SIGNALING);
            assertThat(sender.encrypt(plain)).as(l.tag() + " " + role).isEqualTo(cipher);
            assertThat(receiver.decrypt(cipher)).isInstanceOfSatisfying(SignalingCipher.Decrypted.class,
                    d -> assertThat(d.plain()).isEqualTo(plain));
            // A packet never authenticates in its own sender's receive direction.
            assertThat(sender.decrypt(cipher)).isEqualTo(new SignalingCipher.Rejected(SignalingCipher.Reason.BAD_MSG_KEY));
            checked++;
        }
        assertThat(checked).isEqualTo(12);
    }

    @ParameterizedTest
    @FieldSource("CAPTURES")
    void everyCaptureEncLineIsReproducedAndIsTheNextEmit(String file) {
        List<Vectors.Line> lines = Vectors.capture(file);
        byte[] key = Vectors.key(lines);
        int checked = 0;
        for (Vectors.Line l : lines) {
            if (!l.is("ENC")) {
                continue;
            }
            boolean outgoing = l.fields().get("keyIsOutgoing").equals("1");
            byte[] produced = new SignalingCipher(key, outgoing, SignalingCipher.Kind.SIGNALING).encrypt(l.hex("plain"));
            assertThat(HEX.formatHex(produced)).as("line %d", l.index()).isEqualTo(l.fields().get("cipher"));
            Vectors.Line emit = lines.subList(l.index() + 1, lines.size()).stream()
                    .filter(x -> x.is("EMIT")).findFirst().orElseThrow();
            assertThat(emit.base64()).isEqualTo(produced);
            checked++;
        }
        assertThat(checked).isEqualTo(file.startsWith("8") ? 8 : 4);
    }

    @ParameterizedTest
    @FieldSource("CAPTURES")
    void everyCaptureDecLineDecrypts(String file) {
        List<Vectors.Line> lines = Vectors.capture(file);
        byte[] key = Vectors.key(lines);
        List<byte[]> received = lines.stream().filter(l -> l.is("RECV")).map(Vectors.Line::base64).toList();
        int checked = 0;
        for (Vectors.Line l : lines) {
            if (!l.is("DEC")) {
                continue;
            }
            boolean outgoing = l.fields().get("keyIsOutgoing").equals("1");
            byte[] cipher = l.hex("cipher");
            assertThat(received).as("DEC input was a RECV blob").anySatisfy(r -> assertThat(r).isEqualTo(cipher));
            assertThat(new SignalingCipher(key, outgoing, SignalingCipher.Kind.SIGNALING).decrypt(cipher))
                    .isInstanceOfSatisfying(SignalingCipher.Decrypted.class,
                            d -> assertThat(HEX.formatHex(d.plain())).isEqualTo(l.fields().get("plain")));
            checked++;
        }
        assertThat(checked).isEqualTo(received.size());
    }

    @Test
    void transportKindUsesOffsetsZeroAndEight() {
        byte[] plain = "transport".getBytes();
        SignalingCipher caller = new SignalingCipher(KEY, true, SignalingCipher.Kind.TRANSPORT);
        SignalingCipher callee = new SignalingCipher(KEY, false, SignalingCipher.Kind.TRANSPORT);
        byte[] packet = caller.encrypt(plain);
        byte[] msgKey = Arrays.copyOf(packet, 16);
        assertThat(msgKey).isEqualTo(caller.msgKey(0, plain, 0, plain.length));
        byte[] expected = new byte[plain.length];
        caller.ctr(caller.deriveKeyIv(msgKey, 0), plain, 0, plain.length, expected, 0);
        assertThat(Arrays.copyOfRange(packet, 16, packet.length)).isEqualTo(expected);
        assertThat(callee.decrypt(callee.encrypt(new byte[8]))).isInstanceOf(SignalingCipher.Rejected.class);
        assertThat(caller.decrypt(callee.encrypt(new byte[8]))).isInstanceOf(SignalingCipher.Decrypted.class);
    }

    @Test
    void sizeLimitsAndTampering() {
        SignalingCipher caller = new SignalingCipher(KEY, true, SignalingCipher.Kind.SIGNALING);
        SignalingCipher callee = new SignalingCipher(KEY, false, SignalingCipher.Kind.SIGNALING);
        var badSize = new SignalingCipher.Rejected(SignalingCipher.Reason.BAD_SIZE);
        var badKey = new SignalingCipher.Rejected(SignalingCipher.Reason.BAD_MSG_KEY);
        assertThat(callee.decrypt(null)).isEqualTo(badSize);
        assertThat(callee.decrypt(new byte[20])).isEqualTo(badSize);
        assertThat(callee.decrypt(new byte[128 * 1024 + 1])).isEqualTo(badSize);
        assertThat(callee.decrypt(new byte[21])).isEqualTo(badKey);
        assertThat(callee.decrypt(new byte[128 * 1024])).isEqualTo(badKey);

        byte[] big = new byte[128 * 1024 - 16];
        new Random(1).nextBytes(big);
        assertThat(callee.decrypt(caller.encrypt(big))).isInstanceOf(SignalingCipher.Decrypted.class);

        byte[] packet = caller.encrypt(new byte[] {0, 0, 0, 1, 'x'});
        for (int bit = 0; bit < packet.length * 8; bit++) {
            byte[] flipped = packet.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(callee.decrypt(flipped)).as("bit %d", bit).isEqualTo(badKey);
        }
    }
}
