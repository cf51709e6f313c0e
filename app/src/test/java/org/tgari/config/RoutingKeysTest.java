package org.tgari.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgari.routing.CallerId;
import org.tgari.routing.InboundDecision;
import org.tgari.routing.InboundMode;
import org.tgari.routing.IvrSettings;
import org.tgari.routing.LineRouting;
import org.tgari.routing.Routing;
import org.tgari.routing.Target;
import org.tgari.telegram.TelegramUser;

class RoutingKeysTest {

    static final TelegramUser ANN = new TelegramUser(42, "Ann", "ann", "4930123", "Ann", "Lee");

    @Test
    void theDefaultKeysGiveTheDefaultRouting() {
        Routing r = ConfigLoader.defaultsOnly().routing();
        assertThat(r.ivr()).isEqualTo(IvrSettings.DEFAULT);
        assertThat(r.lines()).isEmpty();
        // a line named in the file with only default values routes exactly as an unnamed one
        var named = ConfigLoader.fromMap(Map.of("line.main.dtmf-to-chat", "false")).routing();
        assertThat(named.line("main")).isEqualTo(LineRouting.defaults("main"));
    }

    @Test
    void aPropertiesFileConfiguresALine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("tgari.properties");
        Files.writeString(f, """
                telegram.line = sales
                line.sales.inbound.mode = extension
                line.sales.inbound.extension = 100
                line.sales.inbound.allow = +49*, @ann, id:7
                line.sales.inbound.deny = +4930999*
                line.sales.caller-id.number = {username}, *{id}
                line.sales.caller-id.name = TG {first_name}
                line.sales.dtmf-to-chat = on
                line.sales.call-notice = Call from {name} {number}
                ivr.directory.1 = @support
                ivr.directory.42 = *123456
                ivr.tries = 2
                ivr.inter-digit-timeout = 3s
                ivr.prompt.busy = the-party-you-are-calling, is-curntly-busy
                """);
        Routing r = ConfigLoader.load(f).routing();
        LineRouting sales = r.line("sales");
        assertThat(sales.dtmfToChat()).isTrue();
        assertThat(sales.callNotice().render("Reception", "200")).hasValue("Call from Reception 200");
        assertThat(sales.inbound().mode()).isEqualTo(InboundMode.EXTENSION);
        assertThat(sales.inbound().filter().allow()).hasToString("[+49*, @ann, id:7]");
        var d = sales.inbound().decide(ANN, "sales");
        assertThat(d).isInstanceOfSatisfying(InboundDecision.Dial.class, dial -> {
            assertThat(dial.channel().endpoint()).isEqualTo("Local/100@from-telegram");
            assertThat(dial.callerId()).isEqualTo(new CallerId("ann", "TG Ann"));
        });
        assertThat(r.ivr().tries()).isEqualTo(2);
        assertThat(r.ivr().interDigit()).isEqualTo(Duration.ofSeconds(3));
        assertThat(r.ivr().outcomes().busy()).containsExactly("the-party-you-are-calling", "is-curntly-busy");
        assertThat(r.ivr().directory().codes()).containsEntry("1", new Target.Username("support")).containsEntry("42", new Target.UserId(123456));
    }

    @Test
    void everyRoutingProblemIsNamedAtOnce() {
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.ofEntries(
                Map.entry("line.main.inbound.mode", "extension"),
                Map.entry("line.main.inbound.context", "from telegram"),
                Map.entry("line.main.inbound.allow", "+49*, 4930, @ok"),
                Map.entry("line.main.inbound.deny", "id:x"),
                Map.entry("line.main.caller-id.number", "{phone}, {nick}"),
                Map.entry("line.main.caller-id.name", "{first_name"),
                Map.entry("line.main.inbound.ask.pattern", "[0-9"),
                Map.entry("line.main.inbound.ask.tries", "0"),
                Map.entry("line.main.dtmf-to-chat", "maybe"),
                Map.entry("line.main.call-notice", "from {who}"),
                Map.entry("ivr.timeout", "0s"),
                Map.entry("ivr.prompt.enter", ""),
                Map.entry("ivr.prompt.goodbye", "good bye"),
                Map.entry("ivr.directory.1", "bad name"),
                Map.entry("ivr.directory.x1", "@ann"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line.main.inbound.extension: must be set when line.main.inbound.mode = extension")
                .hasMessageContaining("line.main.inbound.context: 'from telegram' is not a dialplan context")
                .hasMessageContaining("line.main.inbound.allow: '4930' is not a caller pattern")
                .hasMessageContaining("line.main.inbound.deny: 'id:x' is not a caller pattern")
                .hasMessageContaining("line.main.caller-id.number: '{nick}' names unknown field {nick}")
                .hasMessageContaining("line.main.caller-id.name: '{first_name' has an unmatched")
                .hasMessageContaining("line.main.inbound.ask.pattern: '[0-9' is not a regular expression")
                .hasMessageContaining("line.main.inbound.ask.tries: 0 is outside 1..20")
                .hasMessageContaining("line.main.dtmf-to-chat: 'maybe' is not true or false")
                .hasMessageContaining("line.main.call-notice: 'from {who}' names unknown field {who}")
                .hasMessageContaining("ivr.timeout: must be more than zero")
                .hasMessageContaining("ivr.prompt.enter: at least one sound is needed")
                .hasMessageContaining("ivr.prompt.goodbye: 'good bye' is not a sound id")
                .hasMessageContaining("ivr.directory.1: 'bad name' is neither a phone number")
                .hasMessageContaining("ivr.directory.x1: the code 'x1' is not 1-15 digits");
    }

    @Test
    void aBadModeIsNamedWithItsChoices() {
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("line.main.inbound.mode", "queue")))
                .hasMessageContaining("line.main.inbound.mode: 'queue' is not one of reject, extension, ask");
    }

    @Test
    void keysOfALineThatIsNotConfiguredAreAnError() {
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("line.bob.inbound.mode", "ask")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line.bob.*: there is no line named 'bob' (configured: main; telegram.line names it)");
    }

    @Test
    void misspeltLineKeysAreUnknownKeys() {
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("line.main.inbound.mod", "ask")))
                .hasMessageContaining("unknown config key(s): line.main.inbound.mod")
                .hasMessageContaining("line.<name>.inbound.mode");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("ivr.directory.", "@ann"))).hasMessageContaining("unknown config key(s): ivr.directory.");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("ivr.tryes", "2"))).hasMessageContaining("unknown config key(s): ivr.tryes");
    }

    @Test
    void listsKeepTheirOrderAndDropEmptyItems() {
        assertThat(RoutingKeys.list(" a, b ,,c ,")).isEqualTo(List.of("a", "b", "c"));
        assertThat(RoutingKeys.list("")).isEmpty();
    }

    @Test
    void askModeIsConfiguredPerLine() {
        var r = ConfigLoader.fromMap(Map.of("line.main.inbound.mode", "ask", "line.main.inbound.context", "internal",
                "line.main.inbound.ask.pattern", "[1-4][0-9]{2}", "line.main.inbound.ask.prompt", "extension")).routing();
        var d = r.line("main").inbound().decide(ANN, "main");
        assertThat(d).isInstanceOfSatisfying(InboundDecision.Ask.class, ask -> {
            assertThat(ask.settings().prompt()).containsExactly("extension");
            assertThat(ask.settings().accepts("100")).isTrue();
            assertThat(ask.settings().accepts("500")).isFalse();
            assertThat(ask.dial("100").channel().endpoint()).isEqualTo("Local/100@internal");
        });
    }

    @Test
    void configKeysListsTheNamedKeys() {
        assertThat(ConfigLoader.KEY_PATTERNS).containsEntry("line.<name>.inbound.mode", "reject")
                .containsEntry("line.<name>.caller-id.number", "+{phone}, {username}, *{id}").containsKey("ivr.directory.<code>");
        assertThat(ConfigLoader.DEFAULTS).containsEntry("ivr.inter-digit-timeout", "5s").containsEntry("ivr.timeout", "20s");
    }
}
