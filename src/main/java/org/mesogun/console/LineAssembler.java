package org.mesogun.console;

/**
 * Bytes in, lines out (requirements §6): CR or LF ends a line (CRLF counts once), an empty line is a
 * line too (answered {@code ok}), backspace and DEL take back the last byte typed, a line over 256
 * bytes or with another non-printable byte becomes an error rather than a command, every byte kept
 * is echoed (the sink decides whether echo is on), and the realtime bytes
 * {@code ?}, {@code !} and Ctrl-X are taken out of the stream at once, as grbl does, so they act
 * even in the middle of a line or while a command is running.
 */
final class LineAssembler {

    static final int MAX_LINE = 256;
    static final byte STATUS = '?';
    static final byte HOLD = '!';
    static final byte RESET = 0x18;

    interface Sink {
        void line(String line);

        void realtime(byte b);

        void rejected(ConsoleError why);

        /** What a terminal shows of the typing: the bytes kept, "\b \b" for one taken back, CRLF at a line's end. */
        void echo(String s);
    }

    static final byte BACKSPACE = 0x08;
    static final byte DEL = 0x7f;

    private final byte[] buf = new byte[MAX_LINE];
    private final Sink sink;
    private int len;
    private boolean tooLong;
    private boolean binary;
    private boolean lastCr;

    LineAssembler(Sink sink) {
        this.sink = sink;
    }

    void accept(byte b) {
        boolean cr = b == '\r';
        if (b == '\n' && lastCr) {
            lastCr = false;
            return;
        }
        lastCr = cr;
        if (b == '\r' || b == '\n') {
            sink.echo("\r\n");
            end();
            return;
        }
        if (b == BACKSPACE || b == DEL) {
            if (len > 0 && !tooLong) {
                len--;
                sink.echo("\b \b");
            }
            return;
        }
        // A lone "?" line is the status command too; inside a line, "?" is realtime only when it
        // could not be part of a command ($$ settings never contain it).
        if (b == HOLD || b == RESET || b == STATUS) {
            sink.realtime(b);
            return;
        }
        if (b < 0x20 || b == 0x7f) {
            binary = true;
        }
        if (len < MAX_LINE) {
            buf[len++] = b;
            if (b >= 0x20) {
                sink.echo(String.valueOf((char) (b & 0xff)));
            }
        } else {
            tooLong = true;
        }
    }

    private void end() {
        if (tooLong) {
            sink.rejected(ConsoleError.LINE_TOO_LONG);
        } else if (binary) {
            sink.rejected(ConsoleError.NON_PRINTABLE);
        } else {
            sink.line(new String(buf, 0, len, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        len = 0;
        tooLong = false;
        binary = false;
    }
}
