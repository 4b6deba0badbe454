package org.mesogun.telemetry;

import static org.mesogun.telemetry.RingLayout.*;

import java.nio.MappedByteBuffer;
import java.util.function.BooleanSupplier;
import org.mesogun.controller.EventSink;
import org.mesogun.controller.SessionEnd;
import org.mesogun.controller.State;
import org.mesogun.controller.safety.FaultCode;

/**
 * The loop's {@link EventSink}: each event becomes one fixed-size slot of the memory-mapped
 * {@link EventRing}. Absolute puts into a preallocated mapping, no object is created and nothing
 * waits; when the ring is full the event is counted as dropped (sized so 9 shots/s never fill it).
 */
public final class RingSink implements EventSink {

    private final EventRing ring;
    private final MappedByteBuffer b;
    private final BooleanSupplier accepting;

    /** @param accepting whether the outbox has room for a new session (requirements §7's 90 % rule) */
    public RingSink(EventRing ring, BooleanSupplier accepting) {
        this.ring = ring;
        this.b = ring.buffer();
        this.accepting = accepting;
    }

    @Override
    public boolean acceptingNewSessions() {
        return accepting.getAsBoolean();
    }

    private int begin(int type, long now) {
        int o = ring.claim();
        if (o < 0) {
            return -1;
        }
        o += 8;
        b.putInt(o + TYPE, type);
        b.putLong(o + NOW, now);
        b.putLong(o + WALL_MS, System.currentTimeMillis());
        return o;
    }

    @Override
    public void stateChanged(long now, State from, State to) {
        int o = begin(STATE, now);
        if (o >= 0) {
            b.putInt(o + B, from.ordinal());
            b.putInt(o + C, to.ordinal());
            ring.publish();
        }
    }

    @Override
    public void sessionStarted(long now, int session, int protocol, double depthMm, double doseUl, long lot,
            boolean softLimitOverride) {
        int o = begin(SESSION_STARTED, now);
        if (o >= 0) {
            b.putInt(o + A, session);
            b.putInt(o + B, protocol);
            b.putDouble(o + D1, depthMm);
            b.putDouble(o + D2, doseUl);
            b.putLong(o + L1, lot);
            b.putInt(o + D, softLimitOverride ? 1 : 0);
            ring.publish();
        }
    }

    @Override
    public void point(long now, int session, int point, double depthMm, double targetUl, double measuredUl,
            long openMicros, int needleSerial, int punctures) {
        int o = begin(POINT, now);
        if (o >= 0) {
            b.putInt(o + A, session);
            b.putInt(o + B, point);
            b.putInt(o + C, needleSerial);
            b.putDouble(o + D1, depthMm);
            b.putDouble(o + D2, targetUl);
            b.putDouble(o + D3, measuredUl);
            b.putLong(o + L1, openMicros);
            b.putInt(o + D, punctures);
            ring.publish();
        }
    }

    @Override
    public void pointAborted(long now, int session, int point, FaultCode cause, double targetUl, double measuredUl,
            long openMicros) {
        int o = begin(POINT_ABORTED, now);
        if (o >= 0) {
            b.putInt(o + A, session);
            b.putInt(o + B, point);
            b.putInt(o + C, cause == null ? -1 : cause.ordinal());
            b.putDouble(o + D2, targetUl);
            b.putDouble(o + D3, measuredUl);
            b.putLong(o + L1, openMicros);
            ring.publish();
        }
    }

    @Override
    public void needleChanged(long now, int needleSerial) {
        int o = begin(NEEDLE, now);
        if (o >= 0) {
            b.putInt(o + C, needleSerial);
            ring.publish();
        }
    }

    @Override
    public void primed(long now, double ul) {
        int o = begin(PRIMED, now);
        if (o >= 0) {
            b.putDouble(o + D1, ul);
            ring.publish();
        }
    }

    @Override
    public void alarm(long now, FaultCode code, State state) {
        int o = begin(ALARM, now);
        if (o >= 0) {
            b.putInt(o + A, code.ordinal());
            b.putInt(o + B, state.ordinal());
            ring.publish();
        }
    }

    @Override
    public void alarmCleared(long now, FaultCode code) {
        int o = begin(ALARM_CLEARED, now);
        if (o >= 0) {
            b.putInt(o + A, code.ordinal());
            ring.publish();
        }
    }

    @Override
    public void sessionEnded(long now, int session, int points, double deliveredUl, SessionEnd reason) {
        int o = begin(SESSION_ENDED, now);
        if (o >= 0) {
            b.putInt(o + A, session);
            b.putInt(o + B, points);
            b.putDouble(o + D1, deliveredUl);
            b.putInt(o + C, reason.ordinal());
            ring.publish();
        }
    }
}
