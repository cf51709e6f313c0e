package org.tgari.cli.qr;

import java.util.ArrayList;
import java.util.List;

/**
 * Draws a QR code as text: each character is two modules stacked (upper and lower half block), so the
 * code keeps its square shape in a terminal, with the 4-module quiet zone scanners need around it.
 *
 * <p>Scanners want dark modules on a light ground. With {@link Style#ANSI_DARK_ON_LIGHT} every line
 * sets black on white itself, so the code reads the same whatever the terminal's colours; the glyphs
 * then draw the dark modules. {@link Style#PLAIN_LIGHT_ON_DARK} uses no escape codes and assumes the
 * usual light text on a dark background: the glyphs draw the light modules and the dark ones are
 * the terminal's background.
 */
public final class HalfBlockRenderer {
    public static final int QUIET_ZONE = 4;

    public enum Style { ANSI_DARK_ON_LIGHT, PLAIN_LIGHT_ON_DARK }

    private static final String BLACK_ON_WHITE = "\u001b[30;107m";
    private static final String RESET = "\u001b[0m";

    private HalfBlockRenderer() {}

    public static List<String> render(QrCode code, Style style) {
        boolean glyphIsDark = style == Style.ANSI_DARK_ON_LIGHT;
        int from = -QUIET_ZONE, to = code.size() + QUIET_ZONE;
        List<String> lines = new ArrayList<>();
        for (int y = from; y < to; y += 2) {
            var sb = new StringBuilder(to - from + 16);
            if (glyphIsDark) sb.append(BLACK_ON_WHITE);
            for (int x = from; x < to; x++) {
                boolean top = code.dark(x, y) == glyphIsDark;
                // an odd total height leaves the last line's lower half as quiet zone
                boolean bottom = y + 1 < to && code.dark(x, y + 1) == glyphIsDark;
                sb.append(top ? (bottom ? '█' : '▀') : (bottom ? '▄' : ' '));
            }
            if (glyphIsDark) sb.append(RESET);
            lines.add(sb.toString());
        }
        return lines;
    }
}
