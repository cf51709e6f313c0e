package org.tgari.routing;

/**
 * Everything routing needs to know about one Telegram line: its inbound rules, whether DTMF the SIP
 * side sends during a bridged call goes to the Telegram user as chat messages, and the message that
 * tells a Telegram user about to be called who calls.
 */
public record LineRouting(String line, InboundRoute inbound, boolean dtmfToChat, CallNotice callNotice) {

    public static LineRouting defaults(String line) {
        return new LineRouting(line, InboundRoute.REJECT_ALL, false, CallNotice.OFF);
    }
}
