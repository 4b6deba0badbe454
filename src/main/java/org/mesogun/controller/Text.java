package org.mesogun.controller;

/** Display text without allocation: numbers appended digit by digit into a reused builder. */
final class Text {

    private Text() {
    }

    /** Appends {@code v} with {@code decimals} decimals, rounded half up. */
    static StringBuilder fixed(StringBuilder sb, double v, int decimals) {
        long scale = 1;
        for (int i = 0; i < decimals; i++) {
            scale *= 10;
        }
        long n = Math.round(Math.abs(v) * scale);
        if (v < 0 && n != 0) {
            sb.append('-');
        }
        sb.append(n / scale);
        if (decimals > 0) {
            sb.append('.');
            long frac = n % scale;
            for (long d = scale / 10; d > 0; d /= 10) {
                sb.append((char) ('0' + (frac / d) % 10));
            }
        }
        return sb;
    }

    /** Appends {@code v} as exactly {@code width} digits, zero padded. */
    static StringBuilder digits(StringBuilder sb, long v, int width) {
        long d = 1;
        for (int i = 1; i < width; i++) {
            d *= 10;
        }
        for (; d > 0; d /= 10) {
            sb.append((char) ('0' + (v / d) % 10));
        }
        return sb;
    }
}
