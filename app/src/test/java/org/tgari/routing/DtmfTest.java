package org.tgari.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DtmfTest {

    @Test
    void aChatMessageOfKeypadCharactersIsDtmf() {
        assertThat(ChatDtmf.digits("12#")).hasValue("12#");
        assertThat(ChatDtmf.digits(" *0A-".replace("-", "D") + "\n")).hasValue("*0AD");
        assertThat(ChatDtmf.digits("1".repeat(32))).isPresent();
    }

    @Test
    void ordinaryChatIsNot() {
        for (String s : new String[] {"", "   ", "hello", "12 3", "1".repeat(33), "12e", "a", "+49", null}) {
            assertThat(ChatDtmf.digits(s)).as(String.valueOf(s)).isEmpty();
        }
    }

    @Test
    void digitsWithinTheGapFormOneMessage() {
        var b = DtmfBatcher.create();
        var s = b.digit('1', 0);
        s = s.next().digit('2', 1000);
        s = s.next().digit('#', 2400);
        assertThat(s.messages()).isEmpty();
        assertThat(s.next().deadline()).isEqualTo(3900);
        assertThat(s.next().tick(3899).messages()).isEmpty();
        var out = s.next().tick(3900);
        assertThat(out.messages()).containsExactly("12#");
        assertThat(out.next().deadline()).isEqualTo(Long.MAX_VALUE);
        assertThat(out.next().tick(10_000).messages()).isEmpty();
    }

    @Test
    void aDigitAfterTheGapStartsANewMessageEvenWhenTheTickCameLate() {
        var s = DtmfBatcher.create().digit('1', 0).next().digit('2', 1600);
        assertThat(s.messages()).containsExactly("1");
        assertThat(s.next().flush().messages()).containsExactly("2");
    }

    @Test
    void aFullMessageGoesAtOnceAndOtherKeysAreIgnored() {
        var b = new DtmfBatcher(Duration.ofMillis(1500), 3, "", -1);
        var s = b.digit('1', 0).next().digit('x', 10).next().digit('2', 20).next().digit('3', 30);
        assertThat(s.messages()).containsExactly("123");
        assertThat(s.next().pending()).isEmpty();
        assertThat(new DtmfBatcher(Duration.ofMillis(1500), 1, "", -1).digit('1', 0).messages()).isEqualTo(List.of("1"));
    }
}
