package org.tgari.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tgari.routing.ChatText;

class RecentTextsTest {

    @Test
    void handsOutOnlyTheLookbackAndOnlyOnce() {
        var texts = new RecentTexts(120_000);
        texts.add(7, "old", 0);
        texts.add(7, "100", 100_000);
        texts.add(8, "other user", 100_000);
        assertThat(texts.take(7, 130_000)).containsExactly(new ChatText(100_000, "100"));
        assertThat(texts.take(7, 130_000)).isEmpty();
        assertThat(texts.take(8, 130_000)).containsExactly(new ChatText(100_000, "other user"));
    }

    @Test
    void keepsFewTextsPerUserAndFewUsers() {
        var texts = new RecentTexts(120_000);
        for (int i = 0; i < 50; i++) texts.add(1, "t" + i, i);
        assertThat(texts.take(1, 60)).extracting(ChatText::text).containsExactly("t45", "t46", "t47", "t48", "t49");
        for (long u = 0; u < 5000; u++) texts.add(u, "x", 0);
        assertThat(texts.take(0, 1)).isEmpty();
        assertThat(texts.take(4999, 1)).hasSize(1);
    }
}
