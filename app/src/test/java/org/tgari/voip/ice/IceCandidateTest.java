package org.tgari.voip.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IceCandidateTest {

    private static IceCandidate parsed(String sdp) {
        IceCandidate.Parse result = IceCandidate.parse(sdp);
        assertThat(result).isInstanceOf(IceCandidate.Parse.Parsed.class);
        return ((IceCandidate.Parse.Parsed) result).candidate();
    }

    /** Strings taken from the live tgcalls 8.0.0 captures in /work/shared/tgcalls-vectors and protocol doc §3.1. */
    @ParameterizedTest
    @ValueSource(strings = {
            "candidate:3952505450 1 udp 2122260224 198.18.0.2 52922 typ host generation 0 ufrag SmMg network-id 2 network-cost 50",
            "candidate:617075723 1 udp 2122260224 198.18.0.1 43338 typ host generation 0 ufrag /BFc network-id 2 network-cost 50",
            "candidate:1467250027 1 udp 2122260223 192.168.1.20 53219 typ host generation 0 ufrag gH3k network-id 1 network-cost 10",
            "candidate:3391442108 1 udp 24911615 reflector-2-3340972718.reflector 598 typ relay generation 0 ufrag gH3k network-id 1",
            "candidate:842163049 1 udp 1686052607 203.0.113.7 61001 typ srflx raddr 192.168.1.20 rport 53219 generation 0 ufrag gH3k network-id 1 network-cost 10",
            "candidate:1 1 udp 1845501695 2001:db8::1 9 typ prflx raddr :: rport 0 generation 0",
    })
    void tgcallsCandidateStringsRoundTrip(String sdp) {
        assertThat(parsed(sdp).toSdpString()).isEqualTo(sdp);
    }

    @Test
    void reflectorCandidateKeepsHostname() {
        IceCandidate c = parsed("candidate:3391442108 1 udp 24911615 reflector-2-3340972718.reflector 598 typ relay generation 0 ufrag gH3k network-id 1");
        assertThat(c.address()).isEqualTo("reflector-2-3340972718.reflector");
        assertThat(c.port()).isEqualTo(598);
        assertThat(c.type()).isEqualTo(IceCandidate.Type.RELAY);
        assertThat(c.priority()).isEqualTo(24911615L);
        assertThat(c.ufrag()).contains("gH3k");
        assertThat(c.networkId()).hasValue(1);
        assertThat(c.networkCost()).isEmpty();
        assertThat(c.related()).isEmpty();
    }

    @Test
    void fieldsOfASrflxCandidate() {
        IceCandidate c = parsed("a=candidate:842163049 1 UDP 1686052607 203.0.113.7 61001 typ srflx raddr 192.168.1.20 rport 53219 tcptype passive generation 3");
        assertThat(c.transport()).isEqualTo("udp");
        assertThat(c.related()).contains(new IceCandidate.Related("192.168.1.20", 53219));
        assertThat(c.generation()).hasValue(3);
        assertThat(c.extensions()).containsExactly(new IceCandidate.Extension("tcptype", "passive"));
    }

    @Test
    void buildAndFormat() {
        IceCandidate c = new IceCandidate("1", 1, "udp", IcePriority.of(IcePriority.TYPE_HOST, 65535, 1), "10.0.0.1", 4000,
                IceCandidate.Type.HOST, Optional.empty(), OptionalInt.of(0), Optional.of("abcd"), OptionalInt.of(1),
                OptionalInt.of(10), List.of());
        assertThat(c.toSdpString()).isEqualTo("candidate:1 1 udp 2130706431 10.0.0.1 4000 typ host generation 0 ufrag abcd network-id 1 network-cost 10");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "candidate:",
            "foo:1 1 udp 1 1.2.3.4 5 typ host",
            "candidate:1 1 udp 1 1.2.3.4 5 typ",
            "candidate:1 1 udp 1 1.2.3.4 5 type host",
            "candidate:1 1 udp 1 1.2.3.4 5 typ bogus",
            "candidate:1 0 udp 1 1.2.3.4 5 typ host",
            "candidate:1 1 sctp 1 1.2.3.4 5 typ host",
            "candidate:1 1 udp 4294967296 1.2.3.4 5 typ host",
            "candidate:1 1 udp -1 1.2.3.4 5 typ host",
            "candidate:1 1 udp 1 1.2.3.4 65536 typ host",
            "candidate:1 1 udp 1 1.2.3.4 05 typ host",
            "candidate:1 1 udp 1 bad\u0000host 5 typ host",
            "candidate:1 1 udp 1 1.2.3.4 5 typ host generation",
            "candidate:1 1 udp 1 1.2.3.4 5 typ host raddr 1.2.3.4",
            "candidate:1 1 udp 1 1.2.3.4 5 typ host generation x",
            "candidate:1 1 udp 1 1.2.3.4 5 typ host ufrag bad*ufrag",
            "candidate:1  1 udp 1 1.2.3.4 5 typ host",
            "candidate:this-foundation-is-not-ice-chars 1 udp 1 1.2.3.4 5 typ host",
    })
    void garbageIsRejectedWithAReason(String sdp) {
        IceCandidate.Parse result = IceCandidate.parse(sdp);
        assertThat(result).isInstanceOf(IceCandidate.Parse.Rejected.class);
        assertThat(((IceCandidate.Parse.Rejected) result).reason()).isNotBlank();
    }

    @Test
    void priorityFormula() {
        assertThat(IcePriority.of(126, 65535, 1)).isEqualTo(2130706431L);
        assertThat(IcePriority.of(0, 0, 256)).isZero();
        // the RFC 5769 request's PRIORITY 0x6e0001ff is type 110 (prflx), local 1, component 1
        assertThat(IcePriority.of(IcePriority.TYPE_PEER_REFLEXIVE, 1, 1)).isEqualTo(0x6e0001ffL);
        assertThatThrownBy(() -> IcePriority.of(127, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IcePriority.of(1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
