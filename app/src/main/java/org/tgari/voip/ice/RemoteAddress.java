package org.tgari.voip.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.tgari.voip.reflector.ReflectorHostname;

/**
 * A remote transport address: an IP literal, or a synthetic reflector hostname. What sending needs is
 * worked out once: the socket address of a literal, the R of a reflector name (0 if neither).
 * Equality is by host and port only.
 */
record RemoteAddress(String host, int port, InetSocketAddress address, int reflectorR) {
    private static final InetAddress ANY = InetAddress.ofLiteral("0.0.0.0");

    static RemoteAddress of(String host, int port) {
        int r = ReflectorHostname.parse(host) instanceof ReflectorHostname.Parse.Parsed p ? p.hostname().rBits() : 0;
        return new RemoteAddress(host, port, r != 0 ? null : literal(host, port), r);
    }

    static RemoteAddress of(InetSocketAddress from) {
        return new RemoteAddress(from.getAddress().getHostAddress(), from.getPort(), from, 0);
    }

    /** An IP literal's socket address, or null (a name, which would need a lookup). */
    static InetSocketAddress literal(String host, int port) {
        if (host == null || host.isEmpty()) return null;
        try {
            return new InetSocketAddress(InetAddress.ofLiteral(host), port);
        } catch (IllegalArgumentException notLiteral) {
            return null;
        }
    }

    /** What a binding response reports; a reflector remote has no IP (tgcalls ignores it there). */
    InetSocketAddress mappedAddress() {
        return address != null ? address : new InetSocketAddress(ANY, port);
    }

    /**
     * The same transport address however it was written: IP literals compare as addresses (an IPv6
     * candidate's text need not be the form a socket reports), reflector names by their R and port.
     */
    boolean sameTransportAs(RemoteAddress o) {
        if (o == this) return true;
        if (address != null && o.address != null) return address.equals(o.address);
        if (reflectorR != 0 && o.reflectorR != 0) return reflectorR == o.reflectorR && port == o.port;
        return equals(o);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemoteAddress r && r.port == port && r.host.equals(host);
    }

    @Override
    public int hashCode() {
        return host.hashCode() * 31 + port;
    }
}
