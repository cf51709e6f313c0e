package org.tgari.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tgari.telegram.TelegramUser;

class CallerIdTemplatesTest {

    static final TelegramUser ANN = new TelegramUser(42, "Ann Lee", "ann_lee", "4930123456", "Ann", "Lee");

    @Test
    void theFirstTemplateWhoseFieldsExistGivesTheNumber() {
        var t = CallerIdTemplates.DEFAULT;
        assertThat(t.render(ANN)).isEqualTo(new CallerId("+4930123456", "Ann Lee"));
        var hiddenPhone = new TelegramUser(42, "Ann", "ann_lee", "", "Ann", "");
        assertThat(t.render(hiddenPhone).number()).isEqualTo("ann_lee");
        var idOnly = new TelegramUser(7, "user 7");
        assertThat(t.render(idOnly).number()).isEqualTo("*7");
    }

    @Test
    void missingNameFieldsLeaveNoStraySpaceAndANamelessCallerKeepsTheLinesName() {
        var t = CallerIdTemplates.DEFAULT;
        assertThat(t.render(new TelegramUser(1, "x", "", "", "Ann", "")).name()).isEqualTo("Ann");
        assertThat(t.render(new TelegramUser(1, "x", "", "", "", "Lee")).name()).isEqualTo("Lee");
        assertThat(t.render(new TelegramUser(1, "user 1")).name()).isEqualTo("user 1");
    }

    @Test
    void noTemplateMatchingFallsBackToTheId() {
        var t = new CallerIdTemplates(List.of("+{phone}"), "{first_name}");
        assertThat(t.render(new TelegramUser(9, "n")).number()).isEqualTo("*9");
    }

    @Test
    void namesAreMadeSafeForSip() {
        var evil = new TelegramUser(5, "x", "", "", "Ann \"the\" <boss>\r\nX-Evil: 1", "\u0007Lee\\");
        CallerId c = CallerIdTemplates.DEFAULT.render(evil);
        assertThat(c.name()).isEqualTo("Ann the boss X-Evil: 1 Lee");
        assertThat(c.name()).doesNotContain("\"", "\r", "\n", "\\", "<");
        var longName = new TelegramUser(5, "x", "", "", "Ü".repeat(100), "");
        assertThat(CallerIdTemplates.DEFAULT.render(longName).name()).hasSize(SipText.MAX_NAME);
        assertThat(SipText.name("a".repeat(39) + " b")).as("no trailing space at the limit").isEqualTo("a".repeat(39));
        assertThat(SipText.name("Ann\u202EeeL")).as("no bidi override").isEqualTo("AnneeL");
        assertThat(SipText.name("  \t ")).isEmpty();
        assertThat(SipText.number("+49 (30) 123;user=phone\"")).isEqualTo("+4930123userphone");
        assertThat(SipText.number("9".repeat(60))).hasSize(SipText.MAX_NUMBER);
    }

    @Test
    void originateTakesTheQuotedForm() {
        assertThat(new CallerId("+4930123", "Ann \"X\" Lee").asteriskForm()).isEqualTo("\"Ann X Lee\" <+4930123>");
        assertThat(new CallerId("*7", "").asteriskForm()).isEqualTo("*7");
    }

    @Test
    void unknownFieldsAndBracesAreNamed() {
        assertThat(CallerIdTemplates.problems("{phone}")).isEmpty();
        assertThat(CallerIdTemplates.problems("{phon}")).singleElement().asString().contains("unknown field {phon}");
        assertThat(CallerIdTemplates.problems("{phone")).singleElement().asString().contains("unmatched");
        assertThatThrownBy(() -> new CallerIdTemplates(List.of(), "{first_name}")).hasMessageContaining("at least one");
        assertThatThrownBy(() -> new CallerIdTemplates(List.of("{nick}"), "")).hasMessageContaining("{nick}");
    }

    @Test
    void channelVariablesNameTheCallerAndLine() {
        assertThat(CallerIdTemplates.channelVariables(ANN, "main")).containsExactly(
                java.util.Map.entry("TELEGRAM_USER_ID", "42"), java.util.Map.entry("TELEGRAM_USERNAME", "ann_lee"),
                java.util.Map.entry("TELEGRAM_PHONE", "4930123456"), java.util.Map.entry("TELEGRAM_LINE", "main"));
        assertThat(CallerIdTemplates.channelVariables(new TelegramUser(7, "n"), "main"))
                .containsEntry("TELEGRAM_PHONE", "").containsEntry("TELEGRAM_USERNAME", "");
    }

    @Test
    void theOldConstructorLeavesTheNewFieldsEmpty() {
        var u = new TelegramUser(1, "@echo");
        assertThat(u.username()).isEmpty();
        assertThat(u.phone()).isEmpty();
        assertThat(new TelegramUser(1, null, null, null, null, null).displayName()).isEmpty();
    }
}
