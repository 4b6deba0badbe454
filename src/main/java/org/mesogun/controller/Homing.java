package org.mesogun.controller;

import org.mesogun.controller.safety.FaultCode;

/**
 * Homing as a sequence of small moves: off the switch if on it, back at homing speed until the
 * switch closes, off it again by a quarter millimetre, then a slow final approach so that one tick moves
 * the carriage less than a step past the switch (the depth reference is only as good as this),
 * position 0 there, and out to park.
 */
final class Homing {

    enum Phase { START, LEAVE, SEEK, HALTED, BACK_OFF, APPROACH, STOPPING, ZEROED, TO_PARK, DONE }

    /** Inputs settle (debounce, contact bounce) within this after homing starts. */
    static final long SETTLE_NANOS = 20_000_000L;

    private final ControllerSettings s;
    private final long backOffSteps;
    private final long leaveSteps;
    private final long seekTimeoutNanos;
    private Phase phase = Phase.DONE;
    private long phaseStart;

    Homing(ControllerSettings s) {
        this.s = s;
        // A quarter millimetre clears the switch's hysteresis; the slow approach back over it
        // then takes half a second at 1 kHz.
        this.backOffSteps = Math.round(s.stepsPerMm() / 4);
        // Off a closed switch from an unknown place: the most the monitor allows toward the skin
        // before homing (SR-1), so a healthy switch opens within it and a stuck one fails once.
        this.leaveSteps = s.unhomedForwardSteps();
        double travelSteps = s.travelMm() * s.stepsPerMm();
        this.seekTimeoutNanos = (long) (travelSteps / s.homing().maxRateStepsPerS() * 1.5e9) + 500_000_000L;
    }

    void start(long now) {
        phase = Phase.START;
        phaseStart = now;
    }

    boolean done() {
        return phase == Phase.DONE;
    }

    /** One tick; returns a fault when homing cannot succeed, else null. */
    FaultCode step(Inputs in, Outputs out) {
        out.axisEnable = true;
        long now = in.now;
        long longWay = Math.round(s.travelMm() * 1.2 * s.stepsPerMm());
        switch (phase) {
            case START -> {
                if (in.home && (in.skin || now - phaseStart < SETTLE_NANOS)) {
                    // Off the switch is toward the skin, from a place nobody knows (SR-1): not
                    // while the nose is on someone, nor before the skin sensor has had time to
                    // say so (its debounce, at power-up). Moving away (the seek) needs no wait.
                    return null;
                }
                if (in.home) {
                    slow(out, in.axisPosition + leaveSteps, false);
                    go(Phase.LEAVE, now);
                } else {
                    slow(out, in.axisPosition - longWay, false);
                    go(Phase.SEEK, now);
                }
            }
            case LEAVE -> {
                if (!in.axisMoving) {
                    if (in.home) {
                        return FaultCode.HOMING_FAILED;   // the switch never opens: stuck or broken
                    }
                    slow(out, in.axisPosition - longWay, false);
                    go(Phase.SEEK, now);
                }
            }
            case SEEK -> {
                if (in.home) {
                    out.haltAxis = true;
                    go(Phase.HALTED, now);
                } else if (!in.axisMoving || now - phaseStart > seekTimeoutNanos) {
                    return FaultCode.HOMING_FAILED;
                }
            }
            case HALTED -> {
                slow(out, in.axisPosition + backOffSteps, false);
                go(Phase.BACK_OFF, now);
            }
            case BACK_OFF -> {
                if (!in.axisMoving) {
                    if (in.home) {
                        return FaultCode.HOMING_FAILED;
                    }
                    slow(out, in.axisPosition - 2 * backOffSteps, true);
                    go(Phase.APPROACH, now);
                }
            }
            case APPROACH -> {
                if (in.home) {
                    out.haltAxis = true;
                    go(Phase.STOPPING, now);
                } else if (!in.axisMoving) {
                    return FaultCode.HOMING_FAILED;
                }
            }
            case STOPPING -> {
                // Zero is defined once the axis stands: a motion chip finishes its stop ramp first
                // and refuses a new position while it moves.
                if (!in.axisMoving) {
                    out.setPosition = 0;
                    go(Phase.ZEROED, now);
                }
            }
            case ZEROED -> {
                out.moveTarget = s.parkSteps();
                go(Phase.TO_PARK, now);
            }
            case TO_PARK -> {
                if (!in.axisMoving && in.axisPosition == s.parkSteps()) {
                    go(Phase.DONE, now);
                }
            }
            default -> {
            }
        }
        return null;
    }

    private void go(Phase p, long now) {
        phase = p;
        phaseStart = now;
    }

    private static void slow(Outputs out, long target, boolean fine) {
        out.moveTarget = target;
        out.homingProfile = true;
        out.fineProfile = fine;
    }
}
