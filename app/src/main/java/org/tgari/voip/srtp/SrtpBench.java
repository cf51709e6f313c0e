package org.tgari.voip.srtp;

import java.util.function.Function;

/**
 * Microbenchmark: protect + unprotect of one RTP packet (default 100-byte payload), in ns/packet, for
 * both AES-CM implementations. Run: {@code java -cp app/target/classes org.tgari.voip.srtp.SrtpBench [packets] [payloadBytes]}.
 */
public final class SrtpBench {
    private SrtpBench() {}

    public static void main(String[] args) {
        int packets = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int payload = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        byte[] key = new byte[16];
        byte[] salt = new byte[14];
        for (int i = 0; i < 16; i++) key[i] = (byte) (i * 7 + 1);
        for (int i = 0; i < 14; i++) salt[i] = (byte) (i * 13 + 5);
        for (int round = 0; round < 3; round++) {
            report("AES/ECB counter blocks", payload, run(key, salt, EcbKeystreamCipher::new, packets, payload));
            report("AES/CTR re-init       ", payload, run(key, salt, CtrKeystreamCipher::new, packets, payload));
        }
    }

    private static void report(String name, int payload, double nsPerPacket) {
        System.out.printf("%s  protect+unprotect, %d-byte payload: %.0f ns/packet%n", name, payload, nsPerPacket);
    }

    private static double run(byte[] key, byte[] salt, Function<byte[], KeystreamCipher> cipher, int packets, int payload) {
        SrtpContext tx = SrtpContext.create(true, key, salt, cipher);
        SrtpContext rx = SrtpContext.create(false, key, salt, cipher);
        byte[] buf = new byte[12 + payload + SrtpContext.RTP_TAG_LENGTH];
        long checksum = 0;
        long start = System.nanoTime();
        for (int i = 0; i < packets; i++) {
            buf[0] = (byte) 0x80;
            buf[1] = 111;
            buf[2] = (byte) (i >>> 8);
            buf[3] = (byte) i;
            buf[11] = 1;
            int n = tx.protectRtp(buf, 0, 12 + payload);
            int m = rx.unprotectRtp(buf, 0, n);
            if (m != 12 + payload) throw new IllegalStateException("round trip failed at packet " + i + ": " + SrtpResult.describe(m));
            checksum += buf[12 + (i % payload)];
        }
        long elapsed = System.nanoTime() - start;
        if (checksum == Long.MIN_VALUE) System.out.println(checksum); // keeps the loop observable
        return (double) elapsed / packets;
    }
}
