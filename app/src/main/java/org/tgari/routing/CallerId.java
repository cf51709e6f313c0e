package org.tgari.routing;

/** What the SIP side is shown as the caller: {@code CALLERID(num)} and {@code CALLERID(name)}, both SIP-safe. */
public record CallerId(String number, String name) {
    public CallerId {
        number = SipText.number(number);
        name = SipText.name(name);
    }
}
