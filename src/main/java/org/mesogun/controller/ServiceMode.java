package org.mesogun.controller;

import org.mesogun.controller.ServiceMailbox.Op;
import org.mesogun.controller.ServiceMailbox.Result;
import org.mesogun.controller.safety.FaultCode;
import org.mesogun.controller.safety.SafetyMonitor;

/**
 * What the machine does in SERVICE for a logged-in technician (requirements §6, SR-3): jog within the
 * travel, report the position for ZERO, and fire PRIME or TESTSHOT pulses parked with skin
 * contact open. It only proposes: the monitor still bounds every move by the depth limit (SR-1)
 * and every pulse by max_open_ms, park and skin (its {@code Activity.SERVICE} rule).
 * Allocation-free.
 */
final class ServiceMode {

    enum Phase { IDLE, MOVING, TO_PARK, PULSING, SETTLING }

    static final long PRIME_PULSE_MICROS = 20_000;
    /** Long enough for the valve's thermal window and the plunger to settle between test shots. */
    static final long GAP_NANOS = 150_000_000L;
    static final long SETTLE_NANOS = 300_000_000L;
    static final long STEP_TIMEOUT_NANOS = 5_000_000_000L;

    private final ControllerSettings s;
    private final SafetyMonitor monitor;
    private Phase phase = Phase.IDLE;
    private long phaseSince;
    private long target;
    private long pulseMicros;
    private int pulsesLeft;
    private long pulsesBefore;
    private boolean pulseInFlight;
    private long lastPulseEnd;

    ServiceMode(ControllerSettings s, SafetyMonitor monitor) {
        this.s = s;
        this.monitor = monitor;
    }

    boolean busy() {
        return phase != Phase.IDLE;
    }

    /** Starts a command; returns its answer when it is already finished, else null. */
    Result begin(Op op, double arg, int count, Inputs in, Outputs out) {
        if (!monitor.homed()) {
            return Result.NOT_HOMED;
        }
        switch (op) {
            case ZERO -> {
                // At park the tip is behind the nose by the park clearance: a zero there would put
                // every depth that much shallower than commanded. Refused, not guessed at.
                return in.axisPosition == s.parkSteps() ? Result.OUT_OF_RANGE : Result.OK;
            }
            case JOG -> {
                if (!Double.isFinite(arg)) {
                    return Result.OUT_OF_RANGE;
                }
                long t = in.axisPosition + Math.round(arg * s.stepsPerMm());
                if (t == monitor.depthLimitSteps() + 1 && arg > 0) {
                    // Relative jogs round each step: the one that lands a step past the deepest
                    // command (JOG 1, then JOG 2.96 to the 3.96 mm cap) stops at it.
                    t = monitor.depthLimitSteps();
                }
                // The monitor would fault past its limit; a technician's typo is refused instead.
                long travel = Math.round(s.travelMm() * s.stepsPerMm());
                if (t < 0 || t > travel || t > monitor.depthLimitSteps()) {
                    return Result.OUT_OF_TRAVEL;
                }
                target = t;
                out.moveTarget = t;
                go(Phase.MOVING, in.now);
                return null;
            }
            case PRIME, TESTSHOT -> {
                long micros = op == Op.PRIME ? Math.min(PRIME_PULSE_MICROS, s.maxOpenMicros())
                        : Math.round(Math.max(0, arg - s.flowOffsetUl()) / s.flowUlPerMs() * 1000);
                if (micros <= 0 || micros > s.maxOpenMicros() || count < 1) {
                    return Result.OUT_OF_RANGE;
                }
                if (in.skin) {
                    return Result.SKIN_CONTACT;
                }
                pulseMicros = micros;
                pulsesLeft = count;
                pulseInFlight = false;
                lastPulseEnd = in.now - GAP_NANOS;
                target = s.parkSteps();
                if (in.axisPosition != target) {
                    out.moveTarget = target;
                    go(Phase.TO_PARK, in.now);
                } else {
                    go(Phase.PULSING, in.now);
                }
                return null;
            }
            default -> {
                return Result.FAILED;
            }
        }
    }

    /** One tick of the command in progress; its answer when it finishes, else null. */
    Result step(Inputs in, Outputs out) {
        out.axisEnable = true;
        switch (phase) {
            case MOVING, TO_PARK -> {
                if (!in.axisMoving && in.axisPosition == target) {
                    if (phase == Phase.MOVING) {
                        return finish(Result.OK);
                    }
                    go(Phase.PULSING, in.now);
                } else if (in.now - phaseSince > STEP_TIMEOUT_NANOS) {
                    monitor.raise(FaultCode.MOVE_TIMEOUT, in.now);
                }
                return null;
            }
            case PULSING -> {
                return pulse(in, out);
            }
            case SETTLING -> {
                return in.now - phaseSince >= SETTLE_NANOS ? finish(Result.OK) : null;
            }
            default -> {
                return null;
            }
        }
    }

    private Result pulse(Inputs in, Outputs out) {
        if (in.skin) {
            out.valveShut = true;
            return finish(Result.SKIN_CONTACT);
        }
        if (pulseInFlight) {
            if (in.valveOpen || in.valvePulses == pulsesBefore) {
                if (in.now - phaseSince > STEP_TIMEOUT_NANOS) {
                    out.valveShut = true;
                    return finish(Result.FAILED);
                }
                return null;
            }
            pulseInFlight = false;
            lastPulseEnd = in.now;
            if (--pulsesLeft == 0) {
                go(Phase.SETTLING, in.now);
            }
            return null;
        }
        if (in.now - lastPulseEnd >= GAP_NANOS && in.valveDuty < s.maxDutyCycle() / 2) {
            out.valvePulseMicros = pulseMicros;
            pulsesBefore = in.valvePulses;
            pulseInFlight = true;
            phaseSince = in.now;
        }
        return null;
    }

    /** Realtime hold: valve shut, back to park; the command in progress ends as HELD. */
    Result hold(Inputs in, Outputs out) {
        out.valveShut = true;
        if (monitor.homed() && in.axisPosition != s.parkSteps()) {
            out.moveTarget = s.parkSteps();
        }
        return busy() ? finish(Result.HELD) : null;
    }

    /** A fault ended the command. */
    Result abort() {
        return busy() ? finish(Result.FAILED) : null;
    }

    private Result finish(Result r) {
        phase = Phase.IDLE;
        return r;
    }

    private void go(Phase p, long now) {
        phase = p;
        phaseSince = now;
    }
}
