package org.tgari.cli.qr;

/** How much of a QR code may be damaged and still read: about 7% (L), 15% (M), 25% (Q), 30% (H). */
public enum ErrorCorrection {
    L(1), M(0), Q(3), H(2);

    private final int formatBits;

    ErrorCorrection(int formatBits) {
        this.formatBits = formatBits;
    }

    /** The two bits that stand for this level in the format information (ISO/IEC 18004 table 12). */
    int formatBits() {
        return formatBits;
    }
}
