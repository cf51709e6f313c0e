package org.tgari.voip.turn;

import java.util.Arrays;
import org.tgari.voip.stun.StunMessage;

/** What authenticated requests carry once the server named its realm and nonce: USERNAME, REALM, NONCE and the HMAC key. */
record TurnAuth(String username, String realm, String nonce, byte[] key) {
    TurnAuth {
        key = key.clone();
    }

    static TurnAuth of(TurnCredentials credentials, String realm, String nonce) {
        return new TurnAuth(credentials.username(), realm, nonce, StunMessage.longTermKey(credentials.username(), realm, credentials.password()));
    }

    /** The same key and realm with a fresh nonce (after 438 Stale Nonce). */
    TurnAuth withNonce(String fresh) {
        return new TurnAuth(username, realm, fresh, key);
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TurnAuth a && username.equals(a.username) && realm.equals(a.realm) && nonce.equals(a.nonce) && Arrays.equals(key, a.key);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * username.hashCode() + realm.hashCode()) + nonce.hashCode();
    }

    @Override
    public String toString() {
        return "TurnAuth[username=" + username + ", realm=" + realm + ", nonce=" + nonce + "]";
    }
}
