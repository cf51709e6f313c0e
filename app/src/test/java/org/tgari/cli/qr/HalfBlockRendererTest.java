package org.tgari.cli.qr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

public class HalfBlockRendererTest {

    /** Reads half-block text back into the symbol's dark modules (quiet zone stripped). */
    public static boolean[] darkModulesOf(List<String> lines, boolean glyphIsDark, int size) {
        int q = HalfBlockRenderer.QUIET_ZONE;
        boolean[] m = new boolean[size * size];
        for (int row = 0; row < lines.size(); row++) {
            String s = lines.get(row).replace("\u001b[30;107m", "").replace("\u001b[0m", "");
            for (int col = 0; col < s.length(); col++) {
                char c = s.charAt(col);
                boolean top = (c == '█' || c == '▀') == glyphIsDark;
                boolean bottom = (c == '█' || c == '▄') == glyphIsDark;
                set(m, size, col - q, 2 * row - q, top);
                set(m, size, col - q, 2 * row + 1 - q, bottom);
            }
        }
        return m;
    }

    private static void set(boolean[] m, int size, int x, int y, boolean dark) {
        if (x >= 0 && y >= 0 && x < size && y < size) m[y * size + x] = dark;
    }

    @Test
    void twoModuleRowsPerLineWithAQuietZone() {
        QrCode code = QrEncoder.encode("tg://login?token=abc".getBytes(StandardCharsets.US_ASCII), ErrorCorrection.M);
        int width = code.size() + 2 * HalfBlockRenderer.QUIET_ZONE;
        for (var style : HalfBlockRenderer.Style.values()) {
            boolean glyphIsDark = style == HalfBlockRenderer.Style.ANSI_DARK_ON_LIGHT;
            List<String> lines = HalfBlockRenderer.render(code, style);
            assertThat(lines).hasSize((width + 1) / 2);
            assertThat(darkModulesOf(lines, glyphIsDark, code.size())).isEqualTo(code.modules());
            for (String l : lines) {
                String bare = l.replace("\u001b[30;107m", "").replace("\u001b[0m", "");
                assertThat(bare).hasSize(width).matches("[ ▀▄█]+");
                assertThat(l.startsWith("\u001b[30;107m") && l.endsWith("\u001b[0m")).isEqualTo(glyphIsDark);
            }
            // the first two lines are quiet zone: light everywhere
            char quiet = glyphIsDark ? ' ' : '█';
            assertThat(lines.get(0).replace("\u001b[30;107m", "").replace("\u001b[0m", "")).isEqualTo(String.valueOf(quiet).repeat(width));
        }
    }
}
