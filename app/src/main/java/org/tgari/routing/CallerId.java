package org.tgari.routing;

/** What the SIP side is shown as the caller: {@code CALLERID(num)} and {@code CALLERID(name)}, both SIP-safe. */
public record CallerId(String number, String name) {
    public CallerId {
        number = SipText.number(number);
        name = SipText.name(name);
    }

    /**
     * The form ARI's originate takes as {@code callerId}: {@code "name" <number>}, or the number alone
     * without a name. Safe to quote: {@link SipText#name} leaves no quote, backslash or angle bracket.
     */
    public String asteriskForm() {
        return name.isEmpty() ? number : "\"" + name + "\" <" + number + ">";
    }
}
