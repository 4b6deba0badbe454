package org.mesogun.console;

import com.fazecast.jSerialComm.SerialPort;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The technician's end of the pty in a test: writes lines, reads answer lines with deadlines, and
 * can record both directions as a session transcript ({@code > } typed, {@code < } answered).
 */
public final class PtyTerminal {

    private final SerialPort port;
    private final StringBuilder pending = new StringBuilder();
    private Consumer<String> transcript = s -> {
    };

    public PtyTerminal(SerialPort port) {
        this.port = port;
    }

    PtyTerminal recordTo(Consumer<String> t) {
        this.transcript = t;
        return this;
    }

    /** Writes raw text (no line end), e.g. the realtime {@code ?}. */
    public void write(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        int n = port.writeBytes(b, b.length);
        if (n != b.length) {
            throw new AssertionError("wrote " + n + " of " + b.length + " bytes");
        }
        transcript.accept("> " + s);
    }

    /** Sends a line and reads the answer up to ok or error (60 s bound: HOME and TESTSHOT run in real time). */
    public List<String> send(String line) {
        byte[] b = (line + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        int n = port.writeBytes(b, b.length);
        if (n != b.length) {
            throw new AssertionError("wrote " + n + " of " + b.length + " bytes");
        }
        transcript.accept("> " + line);
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + 60_000_000_000L;
        boolean echoSeen = false;
        while (System.nanoTime() - deadline < 0) {
            String l = lineBy(deadline, !echoSeen ? line : null);
            if (l == null) {
                echoSeen = true;   // the console's echo of what was typed (ECHO ON, the default)
                continue;
            }
            lines.add(l);
            if (l.equals("ok") || l.startsWith("error:")) {
                return lines;
            }
        }
        throw new AssertionError("no answer to " + line + " in 60 s; got " + lines);
    }

    /** The next answered line, within timeoutMs. */
    public String line(long timeoutMs) {
        return lineBy(System.nanoTime() + timeoutMs * 1_000_000L, null);
    }

    /** The next line; null (not recorded) when it is {@code echo}, the console echoing the typing. */
    private String lineBy(long deadline, String echo) {
        byte[] buf = new byte[256];
        while (true) {
            int nl = pending.indexOf("\n");
            if (nl >= 0) {
                String l = pending.substring(0, nl).replace("\r", "");
                pending.delete(0, nl + 1);
                if (l.equals(echo)) {
                    return null;
                }
                transcript.accept("< " + l);
                return l;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no line in time; pending '" + pending + "'");
            }
            int n = port.readBytes(buf, buf.length);
            if (n > 0) {
                pending.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
        }
    }
}
