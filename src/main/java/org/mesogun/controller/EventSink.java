package org.mesogun.controller;

import org.mesogun.controller.safety.FaultCode;

/**
 * Where the loop's events go. Called on the loop thread: an implementation must neither block nor
 * allocate (the board's is a memory-mapped ring a writer drains; tests may record). Primitive and
 * enum arguments only, so that a call costs nothing on the heap.
 */
public interface EventSink {

    default void stateChanged(long now, State from, State to) {
    }

    default void sessionStarted(long now, int session, int protocol, double depthMm, double doseUl,
            long lot, boolean softLimitOverride) {
    }

    /** A point was completed: the needle is back at park and the dose was measured. */
    default void point(long now, int session, int point, double depthMm, double targetUl,
            double measuredUl, long openMicros, int needleSerial, int punctures) {
    }

    /**
     * A shot was started but not completed as asked (skin lost, a fault, a stop, a dose out of
     * tolerance), with what the plunger measured of it ({@code measuredUl}, 0 before any valve
     * time) and the valve time it had.
     */
    default void pointAborted(long now, int session, int point, FaultCode cause, double targetUl, double measuredUl,
            long openMicros) {
    }

    default void needleChanged(long now, int needleSerial) {
    }

    default void primed(long now, double ul) {
    }

    default void alarm(long now, FaultCode code, State state) {
    }

    default void alarmCleared(long now, FaultCode code) {
    }

    default void sessionEnded(long now, int session, int points, double deliveredUl, SessionEnd reason) {
    }

    /**
     * Asked by the state machine before it starts a session: false when the telemetry outbox is
     * over 90 % of its disk bound (requirements §7), so a new session is refused with the reason shown. A
     * running session is never stopped by it. Called on the loop thread: no blocking, no allocation.
     */
    default boolean acceptingNewSessions() {
        return true;
    }

    EventSink NONE = new EventSink() {
    };
}
