package org.mesogun.controller.machine;

import java.util.ArrayList;
import java.util.List;
import org.mesogun.controller.EventSink;
import org.mesogun.controller.SessionEnd;
import org.mesogun.controller.State;
import org.mesogun.controller.safety.FaultCode;

/** What the machine reported: the session records a clinic keeps, and the alarms. */
final class RecordedEvents implements EventSink {

    record Started(int session, int protocol, double depthMm, double doseUl, long lot, boolean override) {
    }

    record Point(int session, int point, double depthMm, double targetUl, double measuredUl, long openMicros,
            int needle, int punctures) {
    }

    record Aborted(int session, int point, FaultCode cause) {
    }

    record Ended(int session, int points, double deliveredUl, SessionEnd reason) {
    }

    final List<State> states = new ArrayList<>();
    final List<Started> started = new ArrayList<>();
    final List<Point> points = new ArrayList<>();
    final List<Aborted> aborted = new ArrayList<>();
    /** What the plunger measured of each aborted point, in order. */
    final List<Double> abortedUl = new ArrayList<>();
    final List<Ended> ended = new ArrayList<>();
    final List<Integer> needles = new ArrayList<>();
    final List<Double> primed = new ArrayList<>();
    final List<FaultCode> alarms = new ArrayList<>();
    final List<FaultCode> cleared = new ArrayList<>();
    /** What {@link #acceptingNewSessions()} answers: false is a nearly full telemetry outbox. */
    boolean accepting = true;

    @Override
    public void stateChanged(long now, State from, State to) {
        states.add(to);
    }

    @Override
    public void sessionStarted(long now, int session, int protocol, double depthMm, double doseUl, long lot,
            boolean softLimitOverride) {
        started.add(new Started(session, protocol, depthMm, doseUl, lot, softLimitOverride));
    }

    @Override
    public void point(long now, int session, int point, double depthMm, double targetUl, double measuredUl,
            long openMicros, int needleSerial, int punctures) {
        points.add(new Point(session, point, depthMm, targetUl, measuredUl, openMicros, needleSerial, punctures));
    }

    @Override
    public void pointAborted(long now, int session, int point, FaultCode cause, double targetUl, double measuredUl,
            long openMicros) {
        aborted.add(new Aborted(session, point, cause));
        abortedUl.add(measuredUl);
    }

    @Override
    public void needleChanged(long now, int needleSerial) {
        needles.add(needleSerial);
    }

    @Override
    public void primed(long now, double ul) {
        primed.add(ul);
    }

    @Override
    public void alarm(long now, FaultCode code, State state) {
        alarms.add(code);
    }

    @Override
    public void alarmCleared(long now, FaultCode code) {
        cleared.add(code);
    }

    @Override
    public void sessionEnded(long now, int session, int points, double deliveredUl, SessionEnd reason) {
        ended.add(new Ended(session, points, deliveredUl, reason));
    }

    @Override
    public boolean acceptingNewSessions() {
        return accepting;
    }

    Ended lastEnded() {
        return ended.get(ended.size() - 1);
    }
}
