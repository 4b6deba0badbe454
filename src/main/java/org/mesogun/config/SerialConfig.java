package org.mesogun.config;

import java.util.Set;
import java.util.regex.Pattern;

/** {@code serial}: the technician console's port (requirements §6: 115200 8N1 by default). */
public record SerialConfig(String port, int baud, String framing, int loginIdleS) {

    /** requirements §6: a login ends after this much idle time unless the profile says otherwise. */
    public static final int DEFAULT_LOGIN_IDLE_S = 300;

    public SerialConfig(String port, int baud, String framing) {
        this(port, baud, framing, DEFAULT_LOGIN_IDLE_S);
    }

    static final Set<Integer> BAUDS = Set.of(9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600);
    /** Data bits 5–8, parity N/E/O/M/S, stop bits 1 or 2, e.g. 8N1. */
    static final Pattern FRAMING = Pattern.compile("[5-8][NEOMS][12]");
    private static final Pattern NON_EMPTY = Pattern.compile(".+");

    public int dataBits() {
        return framing.charAt(0) - '0';
    }

    public char parity() {
        return framing.charAt(1);
    }

    public int stopBits() {
        return framing.charAt(2) - '0';
    }

    static SerialConfig read(YamlSection s) {
        String port = s.text("port", NON_EMPTY, "a device path");
        int baud = s.integer("baud", 1, Integer.MAX_VALUE, Limit.RANGE);
        if (s.problems().clean(s.pathOf("baud")) && !s.isDead() && !BAUDS.contains(baud)) {
            s.problems().add(s.pathOf("baud"), baud + " is not a standard rate "
                    + "(9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600)");
        }
        String framing = s.text("framing", FRAMING, "a framing like 8N1 (data bits 5-8, parity N/E/O/M/S, stop bits 1-2)");
        // Optional: 30 s to 8 h of idle time before a login ends.
        int idle = s.has("login_idle_s") ? s.integer("login_idle_s", 30, 8 * 3600, Limit.RANGE) : DEFAULT_LOGIN_IDLE_S;
        SerialConfig c = new SerialConfig(port, baud, framing, idle);
        s.finish();
        return c;
    }
}
