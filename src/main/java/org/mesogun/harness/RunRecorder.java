package org.mesogun.harness;

import java.util.ArrayList;
import java.util.List;
import org.mesogun.controller.EventSink;
import org.mesogun.controller.SessionEnd;
import org.mesogun.controller.State;
import org.mesogun.controller.safety.FaultCode;

/** The controller's events as the harness keeps them for progress and the report. */
final class RunRecorder implements EventSink {

    record Point(long at, int session, int point, double depthMm, double targetUl, double measuredUl,
                 long openMicros, int needle, int punctures) {
    }

    record Alarm(long at, FaultCode code, State state) {
    }

    record Session(int session, int points, double deliveredUl, SessionEnd reason) {
    }

    final List<Point> points = new ArrayList<>();
    final List<Alarm> alarms = new ArrayList<>();
    final List<Session> sessions = new ArrayList<>();
    int aborted;
    /** Aborted points the gun said delivered nothing (an occlusion, a valve stuck closed). */
    int notDelivered;
    int needleChanges;
    double primedUl;
    State state = State.BOOT;
    private final EventSink next;

    RunRecorder(EventSink next) {
        this.next = next;
    }

    @Override
    public boolean acceptingNewSessions() {
        return next.acceptingNewSessions();
    }

    @Override
    public void stateChanged(long now, State from, State to) {
        state = to;
        next.stateChanged(now, from, to);
    }

    @Override
    public void point(long now, int session, int point, double depthMm, double targetUl, double measuredUl,
            long openMicros, int needleSerial, int punctures) {
        Point p = new Point(now, session, point, depthMm, targetUl, measuredUl, openMicros, needleSerial, punctures);
        points.add(p);
        onRecord.accept(now);
        next.point(now, session, point, depthMm, targetUl, measuredUl, openMicros, needleSerial, punctures);
    }

    @Override
    public void pointAborted(long now, int session, int point, FaultCode cause, double targetUl, double measuredUl,
            long openMicros) {
        aborted++;
        if (cause == FaultCode.DOSE_NOT_DELIVERED) {
            notDelivered++;
        }
        onReport.accept(now);
        onRecord.accept(now);
        next.pointAborted(now, session, point, cause, targetUl, measuredUl, openMicros);
    }

    @Override
    public void needleChanged(long now, int needleSerial) {
        needleChanges++;
        next.needleChanged(now, needleSerial);
    }

    @Override
    public void primed(long now, double ul) {
        primedUl += ul;
        next.primed(now, ul);
    }

    @Override
    public void alarm(long now, FaultCode code, State s) {
        alarms.add(new Alarm(now, code, s));
        onReport.accept(now);
        next.alarm(now, code, s);
    }

    @Override
    public void alarmCleared(long now, FaultCode code) {
        next.alarmCleared(now, code);
    }

    /** Told when the gun says a point went wrong (an alarm, an aborted point): the judge (SR-9). */
    java.util.function.LongConsumer onReport = at -> { };
    /** Told of every point on the record, done or aborted: the judge (requirements §7). */
    java.util.function.LongConsumer onRecord = at -> { };

    /** Told when a session starts, e.g. the judge, whose session cap counts per session. */
    Runnable onSessionStarted = () -> { };

    @Override
    public void sessionStarted(long now, int session, int protocol, double depthMm, double doseUl, long lot,
            boolean override) {
        onSessionStarted.run();
        next.sessionStarted(now, session, protocol, depthMm, doseUl, lot, override);
    }

    @Override
    public void sessionEnded(long now, int session, int pts, double deliveredUl, SessionEnd reason) {
        sessions.add(new Session(session, pts, deliveredUl, reason));
        next.sessionEnded(now, session, pts, deliveredUl, reason);
    }
}
