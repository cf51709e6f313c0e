package org.tgari.routing;

/**
 * Everything routing needs to know about one Telegram line: its inbound rules, and whether DTMF the
 * SIP side sends during a bridged call goes to the Telegram user as chat messages.
 */
public record LineRouting(String line, InboundRoute inbound, boolean dtmfToChat) {

    public static LineRouting defaults(String line) {
        return new LineRouting(line, InboundRoute.REJECT_ALL, false);
    }
}
