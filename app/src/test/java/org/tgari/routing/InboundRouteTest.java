package org.tgari.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tgari.telegram.TelegramUser;

class InboundRouteTest {

    static final TelegramUser ANN = new TelegramUser(42, "Ann Lee", "ann", "4930123", "Ann", "Lee");

    static InboundRoute route(InboundMode mode, CallerFilter filter) {
        return new InboundRoute(mode, "100", "from-telegram", filter, CallerIdTemplates.DEFAULT, AskSettings.DEFAULT);
    }

    @Test
    void rejectModeDeclinesEveryone() {
        assertThat(InboundRoute.REJECT_ALL.decide(ANN, "main"))
                .isEqualTo(new InboundDecision.Decline("line main takes no incoming calls (inbound.mode = reject)"));
    }

    @Test
    void extensionModeDialsTheLocalChannelShowingTheCaller() {
        var d = route(InboundMode.EXTENSION, CallerFilter.ANYONE).decide(ANN, "main");
        assertThat(d).isInstanceOfSatisfying(InboundDecision.Dial.class, dial -> {
            assertThat(dial.channel().endpoint()).isEqualTo("Local/100@from-telegram");
            assertThat(dial.callerId()).isEqualTo(new CallerId("+4930123", "Ann Lee"));
            assertThat(dial.variables()).containsEntry("TELEGRAM_USER_ID", "42").containsEntry("TELEGRAM_LINE", "main");
        });
    }

    @Test
    void askModeDialsTheExtensionTheCallerNamesInTheContext() {
        var d = route(InboundMode.ASK, CallerFilter.ANYONE).decide(ANN, "main");
        assertThat(d).isInstanceOfSatisfying(InboundDecision.Ask.class, ask -> {
            assertThat(ask.dial("200").channel().endpoint()).isEqualTo("Local/200@from-telegram");
            assertThat(ask.dial("200").callerId().number()).isEqualTo("+4930123");
        });
    }

    @Test
    void aRefusedCallerIsDeclinedWhateverTheMode() {
        var deny = new CallerFilter(List.of(), List.of(CallerPattern.parse("@ann")));
        for (InboundMode m : List.of(InboundMode.EXTENSION, InboundMode.ASK)) {
            assertThat(route(m, deny).decide(ANN, "main")).isEqualTo(new InboundDecision.Decline("caller 42 matches deny pattern @ann of line main"));
        }
    }

    @Test
    void channelPartsThatWouldNameAnotherChannelAreRefused() {
        assertThatThrownBy(() -> new LocalChannel("100@other", "from-telegram")).hasMessageContaining("is not an extension");
        assertThatThrownBy(() -> new LocalChannel("100", "a/b")).hasMessageContaining("is not a dialplan context");
        assertThatThrownBy(() -> new LocalChannel("", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InboundRoute(InboundMode.EXTENSION, "", "from-telegram", CallerFilter.ANYONE, CallerIdTemplates.DEFAULT, AskSettings.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new InboundRoute(InboundMode.REJECT, "", "from-telegram", CallerFilter.ANYONE, CallerIdTemplates.DEFAULT, AskSettings.DEFAULT).mode())
                .as("reject needs no extension").isEqualTo(InboundMode.REJECT);
    }
}
