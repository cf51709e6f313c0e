package org.tgari.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.tgari.config.ConfigLoader;
import org.tgari.config.GatewayConfig;
import org.tgari.telegram.TelegramLine;
import org.tgari.telegram.tdlib.LoginTerminal;
import org.tgari.telegram.tdlib.TdLine;
import org.tgari.telegram.tdlib.TdLines;
import org.tgari.telegram.tdlib.TdLogin;

/**
 * {@code tgari login LINE --config FILE [--qr]}: logs the configured line in, in a terminal. The
 * session stays in the line's TDLib database, encrypted with telegram.database-key. Ctrl-C closes
 * TDLib cleanly (its database stays consistent) and exits with status 130.
 */
final class Login {
    /** How long TDLib may stay silent before the user is told what tgari waits for. */
    static final Duration PATIENCE = Duration.ofSeconds(2);

    static final String USAGE = "usage: java -jar tgari.jar login LINE --config FILE [--qr]";

    private Login() {}

    static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.println(USAGE);
            out.println("Logs the Telegram line LINE (telegram.line in FILE) in: phone number, the code Telegram sends,");
            out.println("and the two-step verification password if the account has one. --qr instead draws a QR code");
            out.println("to scan with Telegram on a phone (Settings > Devices > Link Desktop Device).");
            out.println("The session is kept in <telegram.data-dir>/LINE, encrypted with telegram.database-key.");
            return 0;
        }
        String lineName = null;
        Path file = null;
        boolean qr = false;
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--config" -> {
                    if (i + 1 >= args.size()) throw new Main.UsageException("--config needs a file");
                    file = Path.of(args.get(++i));
                }
                case "--qr" -> qr = true;
                default -> {
                    if (a.startsWith("-") || lineName != null) unknown.add(a);
                    else lineName = a;
                }
            }
        }
        if (!unknown.isEmpty()) throw new Main.UsageException("unknown argument(s) " + unknown + "; " + USAGE);
        if (lineName == null || file == null) throw new Main.UsageException(USAGE);
        if (!Files.isReadable(file)) throw new Main.UsageException("cannot read config file " + file);

        var overrides = new HashMap<>(ConfigLoader.readOverrides(file));
        overrides.put("telegram.mode", "tdlib");
        GatewayConfig.Telegram cfg = ConfigLoader.fromMap(overrides).telegram();
        if (!lineName.equals(cfg.lineName())) {
            throw new Main.UsageException("no line '" + lineName + "' in " + file + "; the configured line is '" + cfg.lineName()
                    + "' (telegram.line)");
        }
        if (cfg.databaseKey() == null || cfg.databaseKey().isEmpty()) {
            // a session is as good as the account's password: it is never written to disk unencrypted
            throw new Main.UsageException("telegram.database-key is empty: set it in " + file + " or in TGARI_DATABASE_KEY, so that"
                    + " the line's session is stored encrypted (keep the same key for run and lines)");
        }
        return login(cfg, qr, in, out, err);
    }

    private static int login(GatewayConfig.Telegram cfg, boolean qr, InputStream in, PrintStream out, PrintStream err) {
        PrintStream screen = forHalfBlocks(out);
        LoginTerminal terminal = ConsoleTerminal.system(in, screen);
        var login = new TdLogin(cfg.lineName(), qr, terminal, PATIENCE);
        var line = new AtomicReference<TelegramLine>();
        var finished = new AtomicBoolean();
        var openDone = new CountDownLatch(1);
        // installed before TDLib starts, so a Ctrl-C at any moment closes it (its database stays consistent)
        Thread onCtrlC = new Thread(() -> {
            if (finished.get()) return;
            login.cancel();
            screen.println();
            screen.println("login cancelled");
            screen.flush();
            awaitQuietly(openDone); // a TDLib client half-way through starting is closed too, not cut off
            TelegramLine l = line.getAndSet(null);
            if (l != null) l.close();
        }, "tgari-login-cancel");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        TdLogin.Result result;
        try {
            TelegramLine opened;
            try {
                // login places no calls: the line needs no Vert.x and no media address
                opened = TdLines.open(cfg, null, "127.0.0.1", login::onUpdate);
                line.set(opened);
            } finally {
                openDone.countDown();
            }
            if (!(opened instanceof TdLine td)) {
                err.println("tgari login: " + opened.state().reason());
                return 2;
            }
            if (!login.isCancelled()) screen.println("Line '" + cfg.lineName() + "': TDLib started (data in " + Path.of(cfg.dataDir(), cfg.lineName()) + ")");
            result = login.run(td.session());
        } finally {
            if (!login.isCancelled()) {
                finished.set(true);
                TelegramLine l = line.getAndSet(null);
                if (l != null) l.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(onCtrlC);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs anyway and finds the login finished
                }
            }
        }
        return result.exitCode();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Half blocks need Unicode; under a non-UTF-8 locale stdout would print them as '?', so the
     * process's own stdout then gets a UTF-8 stream (terminals today decode UTF-8 whatever the locale).
     */
    private static PrintStream forHalfBlocks(PrintStream out) {
        if (out != System.out || out.charset().newEncoder().canEncode("▀▄█")) return out;
        return new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    }
}
