package org.tgari.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CallNoticeTest {

    @Test
    void theTemplateNamesTheSipCaller() {
        var n = new CallNotice("Call from {name} {number}");
        assertThat(n.render("Reception", "200")).hasValue("Call from Reception 200");
        assertThat(n.render("", "200")).as("no double space").hasValue("Call from 200");
        assertThat(n.render("Eve\r\nX", null)).hasValue("Call from Eve X");
    }

    @Test
    void aBlankTemplateSendsNothing() {
        assertThat(CallNotice.OFF.render("a", "1")).isEmpty();
        assertThat(new CallNotice("  ").render("a", "1")).isEmpty();
    }

    @Test
    void unknownFieldsAreNamed() {
        assertThat(CallNotice.problems("{name} {numbr}")).singleElement().asString().contains("unknown field {numbr}");
        assertThat(CallNotice.problems("{name")).singleElement().asString().contains("unmatched");
        assertThatThrownBy(() -> new CallNotice("{id}")).hasMessageContaining("{id}");
    }

    @Test
    void aLongNameIsCutToOneMessage() {
        assertThat(new CallNotice("{name}").render("x".repeat(5000), "").orElseThrow()).hasSize(CallNotice.MAX_LENGTH);
    }
}
