package org.mesogun.telemetry;

import org.mesogun.controller.EventSink;
import org.mesogun.controller.SessionEnd;
import org.mesogun.controller.State;
import org.mesogun.controller.safety.FaultCode;

/**
 * Two sinks as one, in order (e.g. the console's progress, then the telemetry ring). A new session
 * is accepted only if both accept it. Adds no allocation of its own.
 */
public final class TeeSink implements EventSink {

    private final EventSink first;
    private final EventSink second;

    public TeeSink(EventSink first, EventSink second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public boolean acceptingNewSessions() {
        return first.acceptingNewSessions() && second.acceptingNewSessions();
    }

    @Override
    public void stateChanged(long now, State from, State to) {
        first.stateChanged(now, from, to);
        second.stateChanged(now, from, to);
    }

    @Override
    public void sessionStarted(long now, int session, int protocol, double depthMm, double doseUl, long lot,
            boolean softLimitOverride) {
        first.sessionStarted(now, session, protocol, depthMm, doseUl, lot, softLimitOverride);
        second.sessionStarted(now, session, protocol, depthMm, doseUl, lot, softLimitOverride);
    }

    @Override
    public void point(long now, int session, int point, double depthMm, double targetUl, double measuredUl,
            long openMicros, int needleSerial, int punctures) {
        first.point(now, session, point, depthMm, targetUl, measuredUl, openMicros, needleSerial, punctures);
        second.point(now, session, point, depthMm, targetUl, measuredUl, openMicros, needleSerial, punctures);
    }

    @Override
    public void pointAborted(long now, int session, int point, FaultCode cause, double targetUl, double measuredUl,
            long openMicros) {
        first.pointAborted(now, session, point, cause, targetUl, measuredUl, openMicros);
        second.pointAborted(now, session, point, cause, targetUl, measuredUl, openMicros);
    }

    @Override
    public void needleChanged(long now, int needleSerial) {
        first.needleChanged(now, needleSerial);
        second.needleChanged(now, needleSerial);
    }

    @Override
    public void primed(long now, double ul) {
        first.primed(now, ul);
        second.primed(now, ul);
    }

    @Override
    public void alarm(long now, FaultCode code, State state) {
        first.alarm(now, code, state);
        second.alarm(now, code, state);
    }

    @Override
    public void alarmCleared(long now, FaultCode code) {
        first.alarmCleared(now, code);
        second.alarmCleared(now, code);
    }

    @Override
    public void sessionEnded(long now, int session, int points, double deliveredUl, SessionEnd reason) {
        first.sessionEnded(now, session, points, deliveredUl, reason);
        second.sessionEnded(now, session, points, deliveredUl, reason);
    }
}
