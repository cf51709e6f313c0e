package org.tgari.voip.ice;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One ICE candidate as tgcalls signals it: WebRTC's SDP candidate attribute without "a=".
 * {@code address} is kept verbatim: an IP literal or a hostname such as {@code reflector-2-3340972718.reflector}.
 */
public record IceCandidate(
        String foundation,
        int component,
        String transport,
        long priority,
        String address,
        int port,
        Type type,
        Optional<Related> related,
        OptionalInt generation,
        Optional<String> ufrag,
        OptionalInt networkId,
        OptionalInt networkCost,
        List<Extension> extensions) {

    /** Candidate type ({@code typ}). */
    public enum Type {
        HOST("host"), SRFLX("srflx"), PRFLX("prflx"), RELAY("relay");

        private final String token;

        Type(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }

        static Optional<Type> ofToken(String token) {
            for (Type t : values()) {
                if (t.token.equals(token)) return Optional.of(t);
            }
            return Optional.empty();
        }
    }

    /** {@code raddr}/{@code rport}. */
    public record Related(String address, int port) {}

    /** Any other name/value pair, kept so a candidate re-formats as received. */
    public record Extension(String name, String value) {}

    public IceCandidate {
        extensions = List.copyOf(extensions);
    }

    /** A candidate with only the mandatory fields. */
    public static IceCandidate of(String foundation, int component, String transport, long priority,
                                  String address, int port, Type type) {
        return new IceCandidate(foundation, component, transport, priority, address, port, type, Optional.empty(),
                OptionalInt.empty(), Optional.empty(), OptionalInt.empty(), OptionalInt.empty(), List.of());
    }

    /** A candidate learned through a server (srflx, relay), with the related address it came from. */
    public static IceCandidate of(String foundation, int component, String transport, long priority,
                                  String address, int port, Type type, Related related) {
        return new IceCandidate(foundation, component, transport, priority, address, port, type, Optional.of(related),
                OptionalInt.empty(), Optional.empty(), OptionalInt.empty(), OptionalInt.empty(), List.of());
    }

    /** Parses {@code candidate:...} (an {@code a=} prefix is tolerated). */
    public static Parse parse(String sdp) {
        return IceCandidateParser.parse(sdp);
    }

    /** Formats in WebRTC's field order, the form tgcalls puts into {@code sdpString}. */
    public String toSdpString() {
        StringBuilder s = new StringBuilder(160);
        s.append("candidate:").append(foundation).append(' ').append(component).append(' ').append(transport)
                .append(' ').append(priority).append(' ').append(address).append(' ').append(port)
                .append(" typ ").append(type.token());
        related.ifPresent(r -> s.append(" raddr ").append(r.address()).append(" rport ").append(r.port()));
        for (Extension e : extensions) s.append(' ').append(e.name()).append(' ').append(e.value());
        generation.ifPresent(g -> s.append(" generation ").append(g));
        ufrag.ifPresent(u -> s.append(" ufrag ").append(u));
        networkId.ifPresent(n -> s.append(" network-id ").append(n));
        networkCost.ifPresent(n -> s.append(" network-cost ").append(n));
        return s.toString();
    }

    /** Result of {@link #parse}. */
    public sealed interface Parse {
        record Parsed(IceCandidate candidate) implements Parse {}

        record Rejected(String reason) implements Parse {}
    }
}
