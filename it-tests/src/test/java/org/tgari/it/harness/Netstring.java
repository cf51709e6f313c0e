package org.tgari.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Netstrings ({@code <length>:<bytes>,}), the framing of baresip's ctrl_tcp. */
final class Netstring {

    /** Longest message accepted; ctrl_tcp messages are small JSON objects. */
    static final int MAX_LENGTH = 1 << 20;

    private Netstring() {
    }

    static byte[] encode(String payload) {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        byte[] head = (body.length + ":").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + body.length + 1];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        out[out.length - 1] = ',';
        return out;
    }

    /** Reads one netstring; empty at a clean end of stream. Malformed framing is an IOException naming the fault. */
    static Optional<String> read(InputStream in) throws IOException {
        int length = 0;
        int digits = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (digits == 0) {
                    return Optional.empty();
                }
                throw new IOException("netstring: end of stream inside the length");
            }
            if (b == ':') {
                break;
            }
            if (b < '0' || b > '9' || ++digits > 7) {
                throw new IOException("netstring: bad length byte 0x" + Integer.toHexString(b));
            }
            length = length * 10 + (b - '0');
        }
        if (digits == 0 || length > MAX_LENGTH) {
            throw new IOException("netstring: bad length " + length);
        }
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            throw new IOException("netstring: end of stream inside a " + length + "-byte body");
        }
        if (in.read() != ',') {
            throw new IOException("netstring: missing trailing comma");
        }
        return Optional.of(new String(body, StandardCharsets.UTF_8));
    }
}
