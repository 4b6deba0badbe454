package org.mesogun.console;

import java.util.regex.Pattern;

/**
 * A command's arguments as the console reads them, and the way a command refuses: a
 * {@link Refused} thrown anywhere in a command becomes its {@code error:} line, so a command
 * states each check once and changes nothing after one fails.
 */
final class CommandArgs {

    private static final Pattern NUMBER = Pattern.compile("[-+]?[0-9]{1,7}(\\.[0-9]{1,7})?");
    private static final Pattern COUNT = Pattern.compile("[0-9]{1,4}");

    private CommandArgs() {
    }

    /** A command refused with its error and detail (no stack trace: it is an answer, not a bug). */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient ConsoleError error;

        Refused(ConsoleError error, String detail) {
            super(detail, null, false, false);
            this.error = error;
        }

        String line() {
            return error.line(getMessage());
        }
    }

    static Refused fail(ConsoleError e, String detail) {
        return new Refused(e, detail);
    }

    /** A plain decimal (no exponent, at most 7 digits each side) within [min, max]. */
    static double number(String text, double min, double max) {
        if (!NUMBER.matcher(text).matches()) {
            throw fail(ConsoleError.BAD_SYNTAX, "not a number: " + clip(text));
        }
        double v = Double.parseDouble(text);
        if (v < min || v > max) {
            throw fail(ConsoleError.OUT_OF_RANGE, text + " outside [" + min + ", " + max + "]");
        }
        return v;
    }

    static int count(String text, int min, int max) {
        if (!COUNT.matcher(text).matches()) {
            throw fail(ConsoleError.BAD_SYNTAX, "not a count: " + clip(text));
        }
        int v = Integer.parseInt(text);
        if (v < min || v > max) {
            throw fail(ConsoleError.OUT_OF_RANGE, text + " outside [" + min + ", " + max + "]");
        }
        return v;
    }

    /** What was typed, cut short to quote it back in an error. */
    static String clip(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "..." : s;
    }

    /** A double as typed, without exponent or trailing zeros. */
    static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    static void words(String[] w, int n, String usage) {
        if (w.length != n) {
            throw fail(ConsoleError.BAD_SYNTAX, usage);
        }
    }
}
