package org.tgari.cli.qr;

/** The mask evaluation of ISO/IEC 18004 7.8.3: lower is easier to read. */
final class Penalty {
    private Penalty() {}

    static long of(ModuleGrid g) {
        int n = g.size();
        long p = 0;
        for (int line = 0; line < n; line++) {
            p += runsAndFinderLikes(g, line, true);
            p += runsAndFinderLikes(g, line, false);
        }
        // rule 2: every 2x2 block of one colour
        for (int y = 0; y < n - 1; y++) {
            for (int x = 0; x < n - 1; x++) {
                boolean c = g.dark(x, y);
                if (c == g.dark(x + 1, y) && c == g.dark(x, y + 1) && c == g.dark(x + 1, y + 1)) p += 3;
            }
        }
        // rule 4: 10 points for every full 5% the dark share is away from 50%
        int darkCount = 0;
        for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) if (g.dark(x, y)) darkCount++;
        int total = n * n;
        int k = Math.abs(darkCount * 20 - total * 10) / total; // |share - 50%| in 5% steps, rounded down
        p += 10L * k;
        return p;
    }

    /** Rule 1 (runs of five or more) and rule 3 (1:1:3:1:1 with four light modules on a side) along one line. */
    private static long runsAndFinderLikes(ModuleGrid g, int line, boolean row) {
        int n = g.size();
        long p = 0;
        int run = 0;
        boolean prev = false;
        for (int i = 0; i < n; i++) {
            boolean c = row ? g.dark(i, line) : g.dark(line, i);
            if (i > 0 && c == prev) {
                run++;
            } else {
                if (run >= 5) p += run - 2;
                run = 1;
            }
            prev = c;
        }
        if (run >= 5) p += run - 2;
        // rule 3: dark-light-dark(3)-light-dark, with 4 light modules (or the quiet zone) before or after
        for (int i = 0; i + 7 <= n; i++) {
            if (!(at(g, line, i, row) && !at(g, line, i + 1, row) && at(g, line, i + 2, row) && at(g, line, i + 3, row)
                    && at(g, line, i + 4, row) && !at(g, line, i + 5, row) && at(g, line, i + 6, row))) continue;
            if (lightSpan(g, line, i - 4, i, row) || lightSpan(g, line, i + 7, i + 11, row)) p += 40;
        }
        return p;
    }

    private static boolean at(ModuleGrid g, int line, int i, boolean row) {
        if (i < 0 || i >= g.size()) return false; // the quiet zone is light
        return row ? g.dark(i, line) : g.dark(line, i);
    }

    private static boolean lightSpan(ModuleGrid g, int line, int from, int to, boolean row) {
        for (int i = from; i < to; i++) if (at(g, line, i, row)) return false;
        return true;
    }
}
