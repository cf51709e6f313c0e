package org.tgari.cli.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our codes read back by an independent decoder: ZBar's zbarimg (Debian package zbar-tools, which
 * scripts/install-interop-tools.sh installs) on PNGs drawn from the modules.
 */
class QrZbarRoundTripTest {

    private static final Path ZBARIMG = Path.of("/usr/bin/zbarimg");
    private static final int PIXELS_PER_MODULE = 4;

    @TempDir
    Path dir;

    @BeforeAll
    static void zbarIsThere() {
        if (!Files.isExecutable(ZBARIMG)) {
            fail(ZBARIMG + " is missing: these tests decode with ZBar; install it with scripts/install-interop-tools.sh"
                    + " (apt-get install zbar-tools)");
        }
    }

    private Path png(QrCode code, String name) throws IOException {
        int side = (code.size() + 2 * HalfBlockRenderer.QUIET_ZONE) * PIXELS_PER_MODULE;
        var img = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        for (int py = 0; py < side; py++) {
            for (int px = 0; px < side; px++) {
                int x = px / PIXELS_PER_MODULE - HalfBlockRenderer.QUIET_ZONE, y = py / PIXELS_PER_MODULE - HalfBlockRenderer.QUIET_ZONE;
                img.getRaster().setSample(px, py, 0, code.dark(x, y) ? 0 : 255);
            }
        }
        Path f = dir.resolve(name + ".png");
        ImageIO.write(img, "png", f.toFile());
        return f;
    }

    /** What zbarimg reads from each file, one decoded text per file, in order. */
    private static List<String> zbar(List<Path> files) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ZBARIMG.toString(), "--raw", "-q", "-Sdisable", "-Sqrcode.enable"));
        files.forEach(f -> cmd.add(f.toString()));
        // stderr apart: zbar's image library chatters there (e.g. about a missing D-Bus)
        var p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    private static String printable(Random r, int length) {
        var sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) sb.append((char) (0x20 + r.nextInt(0x7F - 0x20)));
        return sb.toString();
    }

    /** Fills each version to its byte capacity (so no smaller version would do) and decodes all of them. */
    private void everyVersionAt(ErrorCorrection level) throws Exception {
        var r = new Random(level.ordinal() * 1000 + 40);
        List<Path> files = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int v = 1; v <= 40; v++) {
            int capacity = (QrVersions.dataCodewords(v, level) * 8 - QrEncoder.bitsNeeded(0, v)) / 8;
            String text = printable(r, capacity);
            QrCode code = QrEncoder.encode(text.getBytes(StandardCharsets.US_ASCII), level);
            assertThat(code.version()).as("version for %d bytes at %s", capacity, level).isEqualTo(v);
            files.add(png(code, level + "-" + v));
            expected.add(text);
        }
        List<String> got = zbar(files);
        if (!got.equals(expected)) {
            List<String> bad = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                if (!zbar(List.of(files.get(i))).equals(List.of(expected.get(i)))) bad.add("version " + (i + 1));
            }
            fail("zbarimg did not read back " + bad + " at level " + level);
        }
    }

    @Test
    void everyVersionAtLevelL() throws Exception {
        everyVersionAt(ErrorCorrection.L);
    }

    @Test
    void everyVersionAtLevelM() throws Exception {
        everyVersionAt(ErrorCorrection.M);
    }

    @Test
    void everyVersionAtLevelsQAndH() throws Exception {
        everyVersionAt(ErrorCorrection.Q);
        everyVersionAt(ErrorCorrection.H);
    }

    @Test
    void everyMaskDecodes() throws Exception {
        String text = "tg://login?token=AQID" + "x".repeat(40);
        List<Path> files = new ArrayList<>();
        for (int mask = 0; mask < 8; mask++) {
            files.add(png(QrEncoder.encode(text.getBytes(StandardCharsets.US_ASCII), ErrorCorrection.M, 4, mask), "mask" + mask));
        }
        assertThat(zbar(files)).containsExactly(text, text, text, text, text, text, text, text);
    }

    @Test
    void loginLinksOfSeveralLengths() throws Exception {
        var r = new Random(7);
        List<Path> files = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int tokenLength : new int[] {1, 20, 43, 60, 75, 100, 150, 200}) {
            var token = new StringBuilder();
            for (int i = 0; i < tokenLength; i++) token.append(alphabet.charAt(r.nextInt(alphabet.length())));
            String link = "tg://login?token=" + token;
            files.add(png(QrEncoder.encode(link.getBytes(StandardCharsets.US_ASCII), ErrorCorrection.M), "link" + tokenLength));
            expected.add(link);
        }
        assertThat(zbar(files)).isEqualTo(expected);
    }

    @Test
    void theRenderedTextDecodesToo() throws Exception {
        // the half-block text read back into modules and drawn as an image: what a phone sees on screen
        String link = "tg://login?token=AQAAAGhN8-example-token_0123456789abcdefghijklmnopq";
        QrCode code = QrEncoder.encode(link.getBytes(StandardCharsets.US_ASCII), ErrorCorrection.M);
        List<String> lines = HalfBlockRenderer.render(code, HalfBlockRenderer.Style.PLAIN_LIGHT_ON_DARK);
        boolean[] modules = HalfBlockRendererTest.darkModulesOf(lines, false, code.size());
        QrCode back = new QrCode(code.version(), code.level(), code.mask(), code.size(), modules);
        assertThat(zbar(List.of(png(back, "rendered")))).containsExactly(link);
    }
}
