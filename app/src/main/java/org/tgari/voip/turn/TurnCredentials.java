package org.tgari.voip.turn;

/** The long-term credentials of one TURN server (TDLib's callServerTypeWebrtc username/password). */
public record TurnCredentials(String username, String password) {
    public TurnCredentials {
        if (username == null || username.isEmpty()) throw new IllegalArgumentException("TURN needs a username");
        if (password == null) throw new IllegalArgumentException("TURN needs a password");
    }

    @Override
    public String toString() {
        return "TurnCredentials[username=" + username + ", password=<hidden>]";
    }
}
