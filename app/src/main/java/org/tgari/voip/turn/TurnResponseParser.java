package org.tgari.voip.turn;

import java.util.Optional;
import org.tgari.voip.stun.StunAttribute;
import org.tgari.voip.stun.StunMessage;
import org.tgari.voip.stun.StunParseResult;
import org.tgari.voip.stun.StunParser;

/**
 * Turns a datagram from the TURN server into a {@link TurnResponse}; never throws. Success responses
 * must carry a MESSAGE-INTEGRITY that verifies with our long-term key; error responses must too,
 * except the ones a server sends before (or instead of) authenticating us (RFC 8489 §9.2.5).
 */
public final class TurnResponseParser {
    private TurnResponseParser() {}

    /** {@code key} is the current long-term key, or null before the first challenge. */
    public static TurnResponse parse(byte[] buf, int off, int len, byte[] key) {
        return switch (StunParser.parse(buf, off, len)) {
            case StunParseResult.Parsed p -> interpret(p.message(), key);
            case StunParseResult.Rejected r -> new TurnResponse.Rejected(r.reason());
        };
    }

    public static TurnResponse interpret(StunMessage m, byte[] key) {
        TurnMethod method = TurnMethod.ofCode(m.method());
        if (method == null) return reject("not a TURN method: 0x" + Integer.toHexString(m.method()));
        return switch (m.messageClass()) {
            case REQUEST -> reject("a request from the server");
            case INDICATION -> method == TurnMethod.DATA ? dataIndication(m) : reject("unexpected " + method + " indication");
            case ERROR_RESPONSE -> error(method, m, key);
            case SUCCESS_RESPONSE -> key != null && m.verifyIntegrity(key) ? success(method, m) : reject(method + " success without valid integrity");
        };
    }

    private static TurnResponse dataIndication(StunMessage m) {
        var peer = m.attribute(StunAttribute.XorPeerAddress.class);
        var data = m.attribute(StunAttribute.Data.class);
        if (peer.isEmpty() || data.isEmpty()) return reject("Data indication without XOR-PEER-ADDRESS or DATA");
        return new TurnResponse.DataIndication(peer.get().address(), data.get().value());
    }

    private static TurnResponse error(TurnMethod method, StunMessage m, byte[] key) {
        Optional<StunAttribute.ErrorCode> err = m.attribute(StunAttribute.ErrorCode.class);
        if (err.isEmpty()) return reject(method + " error response without ERROR-CODE");
        int code = err.get().code();
        boolean authenticated = key != null && m.verifyIntegrity(key);
        if (code == StunAttribute.ErrorCode.UNAUTHORIZED || code == StunAttribute.ErrorCode.STALE_NONCE) {
            var realm = m.attribute(StunAttribute.Realm.class);
            var nonce = m.attribute(StunAttribute.Nonce.class);
            if (nonce.isEmpty() || code == StunAttribute.ErrorCode.UNAUTHORIZED && realm.isEmpty()) {
                return reject(code + " without " + (nonce.isEmpty() ? "NONCE" : "REALM"));
            }
            return new TurnResponse.Challenge(code, realm.map(StunAttribute.Realm::value).orElse(null), nonce.get().value());
        }
        // A forged 4xx must not tear an allocation down; only 400 and 420 may come unauthenticated.
        boolean mayBeUnsigned = code == StunAttribute.ErrorCode.BAD_REQUEST || code == StunAttribute.ErrorCode.UNKNOWN_ATTRIBUTE || key == null;
        if (!authenticated && !(mayBeUnsigned && !m.hasIntegrity())) return reject(method + " error " + code + " without valid integrity");
        return new TurnResponse.Error(method, code, err.get().reason());
    }

    private static TurnResponse success(TurnMethod method, StunMessage m) {
        return switch (method) {
            case ALLOCATE -> {
                var relayed = m.attribute(StunAttribute.XorRelayedAddress.class);
                var mapped = m.attribute(StunAttribute.XorMappedAddress.class);
                var lifetime = m.attribute(StunAttribute.Lifetime.class);
                if (relayed.isEmpty() || lifetime.isEmpty()) yield reject("Allocate success without XOR-RELAYED-ADDRESS or LIFETIME");
                yield new TurnResponse.Allocated(relayed.get().address(), mapped.map(StunAttribute.XorMappedAddress::address).orElse(null),
                        lifetime.get().seconds());
            }
            case REFRESH -> new TurnResponse.Refreshed(m.attribute(StunAttribute.Lifetime.class).map(StunAttribute.Lifetime::seconds).orElse(0L));
            case CREATE_PERMISSION -> new TurnResponse.PermissionCreated();
            case CHANNEL_BIND -> new TurnResponse.ChannelBound();
            case SEND, DATA -> reject("a response to an indication method");
        };
    }

    private static TurnResponse reject(String reason) {
        return new TurnResponse.Rejected(reason);
    }
}
