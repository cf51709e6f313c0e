package org.tgari.cli.qr;

import java.util.Arrays;

/**
 * An encoded QR code symbol: a square of dark and light modules, without the quiet zone. Immutable;
 * {@code (x, y)} counts from the top-left corner, x to the right.
 */
public record QrCode(int version, ErrorCorrection level, int mask, int size, boolean[] modules) {

    public QrCode {
        if (version < 1 || version > 40) throw new IllegalArgumentException("version " + version);
        if (size != 17 + 4 * version || modules.length != size * size) throw new IllegalArgumentException("size " + size + " for version " + version);
        modules = modules.clone();
    }

    @Override
    public boolean[] modules() {
        return modules.clone();
    }

    /** True for a dark module; outside the symbol (the quiet zone) is light. */
    public boolean dark(int x, int y) {
        return x >= 0 && y >= 0 && x < size && y < size && modules[y * size + x];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QrCode q && q.version == version && q.level == level && q.mask == mask && Arrays.equals(q.modules, modules);
    }

    @Override
    public int hashCode() {
        return 31 * version + Arrays.hashCode(modules);
    }

    @Override
    public String toString() {
        return "QrCode[version " + version + ", level " + level + ", mask " + mask + ", " + size + "x" + size + "]";
    }
}
