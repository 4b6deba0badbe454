package org.mesogun.harness;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.mesogun.config.Protocol;
import org.mesogun.controller.EventSink;
import org.mesogun.controller.SessionEnd;
import org.mesogun.controller.State;
import org.mesogun.controller.safety.FaultCode;

/** Prints the events a person watching the run cares about, as they happen. */
public final class ConsoleProgress implements EventSink {

    private final PrintStream out;
    private final List<Protocol> protocols;

    public ConsoleProgress(PrintStream out, List<Protocol> protocols) {
        this.out = out;
        this.protocols = protocols;
    }

    private void line(long now, String format, Object... args) {
        out.printf(Locale.ROOT, "t=%7.1fs  " + format + "%n", prepend(now / 1e9, args));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    @Override
    public void sessionStarted(long now, int session, int protocol, double depthMm, double doseUl, long lot,
            boolean override) {
        line(now, "session %d started: %s, %.1f mm, %.0f uL, lot %06d%s", session, protocols.get(protocol).name(),
                depthMm, doseUl, lot, override ? " (soft limit overridden)" : "");
    }

    @Override
    public void sessionEnded(long now, int session, int points, double deliveredUl, SessionEnd reason) {
        line(now, "session %d ended (%s): %d points, %.1f uL measured", session, reason, points, deliveredUl);
    }

    @Override
    public void needleChanged(long now, int needleSerial) {
        line(now, "needle changed: needle #%d fitted", needleSerial);
    }

    @Override
    public void primed(long now, double ul) {
        line(now, "primed: %.1f uL through the needle", ul);
    }

    @Override
    public void alarm(long now, FaultCode code, State state) {
        line(now, "ALARM %d %s (%s) in %s", code.code(), code.name(), code.requirement(), state);
    }

    @Override
    public void alarmCleared(long now, FaultCode code) {
        line(now, "alarm %d acknowledged", code.code());
    }
}
