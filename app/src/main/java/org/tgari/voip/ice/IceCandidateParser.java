package org.tgari.voip.ice;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** Parser behind {@link IceCandidate#parse}: RFC 8839 §5.1 grammar plus WebRTC's extension pairs. */
final class IceCandidateParser {
    private static final int MAX_LENGTH = 1024;
    /** ice-char = ALPHA / DIGIT / "+" / "/" (RFC 8839); foundation 1..32 of them. */
    private static final Pattern FOUNDATION = Pattern.compile("[A-Za-z0-9+/]{1,32}");
    private static final Pattern ICE_CHARS = Pattern.compile("[A-Za-z0-9+/]{1,256}");
    /** IPv4, IPv6 (with optional zone) or a DNS-ish hostname; anything with spaces or controls is refused. */
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.:%_\\-]{1,253}");
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]{1,256}");

    private IceCandidateParser() {}

    static IceCandidate.Parse parse(String sdp) {
        if (sdp == null) return reject("null");
        if (sdp.length() > MAX_LENGTH) return reject("longer than " + MAX_LENGTH + " chars");
        String s = sdp.strip();
        if (s.startsWith("a=")) s = s.substring(2);
        if (!s.startsWith("candidate:")) return reject("missing 'candidate:' prefix");
        String[] f = s.substring("candidate:".length()).split(" ", -1);
        if (f.length < 8) return reject("fewer than 8 fields");
        for (String field : f) {
            if (field.isEmpty()) return reject("empty field (double space?)");
        }
        if (!FOUNDATION.matcher(f[0]).matches()) return reject("bad foundation");
        int component = number(f[1], 1, 256);
        if (component < 0) return reject("bad component");
        String transport = f[2].toLowerCase(java.util.Locale.ROOT);
        if (!transport.equals("udp") && !transport.equals("tcp")) return reject("unsupported transport " + f[2]);
        long priority = unsigned(f[3], 0xFFFF_FFFFL);
        if (priority < 0) return reject("bad priority");
        if (!ADDRESS.matcher(f[4]).matches()) return reject("bad connection address");
        int port = number(f[5], 0, 65535);
        if (port < 0) return reject("bad port");
        if (!f[6].equals("typ")) return reject("expected 'typ'");
        Optional<IceCandidate.Type> type = IceCandidate.Type.ofToken(f[7]);
        if (type.isEmpty()) return reject("unknown candidate type " + f[7]);

        if ((f.length - 8) % 2 != 0) return reject("dangling extension name");
        String raddr = null;
        int rport = -1;
        OptionalInt generation = OptionalInt.empty();
        OptionalInt networkId = OptionalInt.empty();
        OptionalInt networkCost = OptionalInt.empty();
        Optional<String> ufrag = Optional.empty();
        List<IceCandidate.Extension> extensions = new ArrayList<>();
        for (int i = 8; i < f.length; i += 2) {
            String name = f[i];
            String value = f[i + 1];
            switch (name) {
                case "raddr" -> {
                    if (raddr != null || !ADDRESS.matcher(value).matches()) return reject("bad raddr");
                    raddr = value;
                }
                case "rport" -> {
                    if (rport >= 0 || (rport = number(value, 0, 65535)) < 0) return reject("bad rport");
                }
                case "generation" -> {
                    int g = number(value, 0, Integer.MAX_VALUE);
                    if (g < 0 || generation.isPresent()) return reject("bad generation");
                    generation = OptionalInt.of(g);
                }
                case "network-id" -> {
                    int n = number(value, 0, Integer.MAX_VALUE);
                    if (n < 0 || networkId.isPresent()) return reject("bad network-id");
                    networkId = OptionalInt.of(n);
                }
                case "network-cost" -> {
                    int n = number(value, 0, Integer.MAX_VALUE);
                    if (n < 0 || networkCost.isPresent()) return reject("bad network-cost");
                    networkCost = OptionalInt.of(n);
                }
                case "ufrag" -> {
                    if (ufrag.isPresent() || !ICE_CHARS.matcher(value).matches()) return reject("bad ufrag");
                    ufrag = Optional.of(value);
                }
                default -> {
                    if (!TOKEN.matcher(name).matches() || !TOKEN.matcher(value).matches()) return reject("bad extension " + name);
                    extensions.add(new IceCandidate.Extension(name, value));
                }
            }
        }
        if ((raddr == null) != (rport < 0)) return reject("raddr and rport must come together");
        Optional<IceCandidate.Related> related = raddr == null ? Optional.empty() : Optional.of(new IceCandidate.Related(raddr, rport));
        return new IceCandidate.Parse.Parsed(new IceCandidate(f[0], component, transport, priority, f[4], port, type.get(),
                related, generation, ufrag, networkId, networkCost, extensions));
    }

    /** Decimal in [min, max] without sign or leading zeros; -1 otherwise. */
    private static int number(String s, int min, int max) {
        long v = unsigned(s, max);
        return v < min ? -1 : (int) v;
    }

    private static long unsigned(String s, long max) {
        if (s.isEmpty() || s.length() > 10 || (s.length() > 1 && s.charAt(0) == '0')) return -1;
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v > max ? -1 : v;
    }

    private static IceCandidate.Parse reject(String reason) {
        return new IceCandidate.Parse.Rejected(reason);
    }
}
