package org.tgari.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tgari.cli.qr.ErrorCorrection;
import org.tgari.cli.qr.QrEncoder;

/** The login terminal without a console: lines from stdin, prompts and QR codes on stdout. */
class ConsoleTerminalTest {

    @Test
    void readsLinesAndDrawsTheLinkAsAQrCode() {
        var out = new ByteArrayOutputStream();
        var in = new ByteArrayInputStream("+447700900123\n hunter 2 \n".getBytes(StandardCharsets.UTF_8));
        var term = ConsoleTerminal.lines(in, new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(term.ask("Phone: ")).isEqualTo("+447700900123");
        assertThat(term.askHidden("Password: ")).isEqualTo(" hunter 2 ");
        assertThat(term.ask("Code: ")).as("end of input").isNull();
        String link = "tg://login?token=AQID-_xyz";
        term.showQrCode(link);

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("Phone: Password: Code: ");
        List<String> qrLines = Arrays.stream(text.split("\n")).filter(l -> l.matches("[ ▀▄█]+")).toList();
        var expected = QrEncoder.encode(link.getBytes(StandardCharsets.UTF_8), ErrorCorrection.M);
        // without a terminal the plain style: blocks are the light modules
        boolean[] drawn = org.tgari.cli.qr.HalfBlockRendererTest.darkModulesOf(qrLines, false, expected.size());
        assertThat(drawn).isEqualTo(expected.modules());
    }
}
