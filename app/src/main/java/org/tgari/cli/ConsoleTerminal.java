package org.tgari.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.tgari.cli.qr.ErrorCorrection;
import org.tgari.cli.qr.HalfBlockRenderer;
import org.tgari.cli.qr.QrEncoder;
import org.tgari.telegram.tdlib.LoginTerminal;

/**
 * The login's terminal: reads through {@link Console} when there is one (so passwords are not echoed),
 * otherwise plain lines from stdin (scripts, pipes); writes to {@code out}.
 */
final class ConsoleTerminal implements LoginTerminal {
    private final Console console;
    private final BufferedReader stdin;
    private final PrintStream out;
    private final HalfBlockRenderer.Style qrStyle;

    private ConsoleTerminal(Console console, InputStream in, PrintStream out, HalfBlockRenderer.Style qrStyle) {
        this.console = console;
        this.stdin = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
        this.qrStyle = qrStyle;
    }

    /** The process's terminal if it has one; colours for the QR code only where a terminal will show them. */
    static ConsoleTerminal system(InputStream in, PrintStream out) {
        Console c = System.console();
        boolean terminal = c != null && c.isTerminal();
        String term = System.getenv("TERM");
        boolean ansi = terminal && term != null && !term.isBlank() && !term.equals("dumb");
        return new ConsoleTerminal(terminal ? c : null, in, out,
                ansi ? HalfBlockRenderer.Style.ANSI_DARK_ON_LIGHT : HalfBlockRenderer.Style.PLAIN_LIGHT_ON_DARK);
    }

    /** Without a console: for tests and pipes. */
    static ConsoleTerminal lines(InputStream in, PrintStream out) {
        return new ConsoleTerminal(null, in, out, HalfBlockRenderer.Style.PLAIN_LIGHT_ON_DARK);
    }

    @Override
    public String ask(String prompt) {
        if (console != null) return console.readLine("%s", prompt);
        out.print(prompt);
        out.flush();
        return readLine();
    }

    @Override
    public String askHidden(String prompt) {
        if (console != null) {
            char[] typed = console.readPassword("%s", prompt);
            if (typed == null) return null;
            String s = new String(typed);
            java.util.Arrays.fill(typed, '\0');
            return s;
        }
        out.print(prompt);
        out.flush();
        return readLine();
    }

    private String readLine() {
        try {
            return stdin.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void say(String text) {
        out.println(text);
    }

    @Override
    public void showQrCode(String link) {
        var code = QrEncoder.encode(link.getBytes(StandardCharsets.UTF_8), ErrorCorrection.M);
        out.println();
        HalfBlockRenderer.render(code, qrStyle).forEach(out::println);
        out.println();
    }
}
