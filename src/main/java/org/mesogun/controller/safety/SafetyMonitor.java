package org.mesogun.controller.safety;

import org.mesogun.config.SafetyLimits;
import org.mesogun.controller.ControllerSettings;
import org.mesogun.controller.Inputs;
import org.mesogun.controller.Outputs;

/**
 * The limits of requirements §4, checked on every tick's proposed outputs, independently of the state
 * machine that proposed them: it derives its own bounds from the settings and the hard limits,
 * follows the sensors itself, and trusts only the declared {@link Activity}. A breach latches a
 * fault and makes the outputs safe in the same tick: valve shut, no pulse, then a slow retract to
 * park and the stepper disabled. Allocation-free.
 */
public final class SafetyMonitor {

    /**
     * The monitor's checks, by what they keep. Only the evidence (requirements §12) switches one off, to
     * show that a search can find what it would let through; see {@link #SafetyMonitor(ControllerSettings,
     * NeedleGuard, PlungerWatch, Check)}.
     */
    public enum Check {
        /** SR-1: no command and no feedback past the depth limit. */
        DEPTH_LIMIT,
        /**
         * SR-1: the depth limit stops {@link SafetyLimits#DEPTH_MARGIN_MM} short of 4.0 mm, the
         * worst error of a calibration the checks accept (off, the limit is the bare 4.0 mm).
         */
        DEPTH_MARGIN,
        /** SR-1: before homing, at most 0.25 mm toward the skin per power-up, none on the skin. */
        UNHOMED_MOTION,
        /** SR-8: encoder against command, the park flag, an unexpected home switch. */
        MOTION,
        /** SR-2: a point's valve time and max_open_ms. */
        DOSE_TIME,
        /** SR-5: the session cap and the reservoir's reserve. */
        VOLUME,
        /** SR-3: a session dose only still, at target depth, on the skin, with a needle. */
        AT_DEPTH,
        /** SR-6: the minimum interval between points. */
        RATE,
        /** SR-4: nothing past zero and no dose on a locked-out needle. */
        NEEDLE,
        /** SR-5: the plunger-measured volume against the scale-calibrated flow (a wrong bore). */
        FLOW_CROSS_CHECK
    }

    /**
     * A point's valve may stay open up to 1.45 × the calibrated time for its dose: room for the
     * dose model's correction (gain ≤ 1.4) of a draining syringe, and no more (SR-2).
     */
    static final double MAX_TIME_FACTOR = 1.45;
    private static final int FLAG_TICKS = 3;
    /** Far longer than any nappage pass; a trigger held this long is stuck (it never fires: SR-3). */
    static final long TRIGGER_STUCK_NANOS = 60_000_000_000L;

    private final ControllerSettings s;
    private final NeedleGuard needle;
    private final PlungerWatch plunger;
    private final FlowCrossCheck cross;
    /** The loaded syringe failed the cross-check: no session dose from it (SR-5). */
    private boolean syringeSuspect;
    /** Switched off for the evidence ({@link #observeOnly}): nothing judged. */
    private boolean observing;
    private final long depthLimitSteps;
    private final long maxOpenMicros;
    private final long minShotIntervalNanos;
    /** The one check switched off for the evidence, or null: every check on (always, in service). */
    private final Check off;

    private FaultCode latched;
    private long latchedAt;
    private long faults;
    private long lastTick = Long.MIN_VALUE;
    private boolean homed;
    private long encoderOffset;
    private int parkMissingTicks;
    private int parkStuckTicks;
    private boolean safeRetractIssued;
    private boolean safe;
    private long triggerHeldSince = -1;
    // Before homing: how far the axis went toward the skin, this power-up (SR-1).
    private final long unhomedBudgetSteps;
    /** SR-2: the session dose's valve-time bound from the factory flow range, not the calibration. */
    private long factoryBoundMicros;
    private long unhomedForwardSteps;
    private boolean homeFound;
    /** Closed at power-up counts as no edge: a switch stuck closed is not a home found. */
    private boolean homeBefore = true;

    // Session context, validated against the hard limits when it begins.
    private boolean session;
    private boolean suspended;
    private long sessionTargetSteps;
    private double sessionDoseUl;
    private double sessionCapUl;
    private long pointOpenMicros;
    private boolean pointStarted;
    private long lastPointStart = Long.MIN_VALUE / 2;

    // The pulse in flight.
    private long pulseStart = -1;
    private long pulseMicros;

    public SafetyMonitor(ControllerSettings settings, NeedleGuard needle, PlungerWatch plunger) {
        this(settings, needle, plunger, null);
    }

    /**
     * A monitor with {@code off} switched off: only for the tests that show a search can fail
     * (requirements §12). Only the controller's test seam calls it (an ArchUnit rule keeps it so); no
     * configuration, serial or network path reaches it.
     */
    public SafetyMonitor(ControllerSettings settings, NeedleGuard needle, PlungerWatch plunger, Check off) {
        this.off = off;
        this.s = settings;
        this.needle = needle;
        this.plunger = plunger;
        this.cross = new FlowCrossCheck(settings.flowUlPerMs(), settings.flowOffsetUl(),
                settings.syringes().flowDropEmpty(), plunger.resolutionMicrons());
        // SR-1: the deepest command keeps the true tip within the limit for every calibration the
        // checks accept: short of it by the check's tolerance and the gauge's error.
        double maxDepth = Math.min(settings.maxDepthMm(), SafetyLimits.MAX_DEPTH_MM)
                - (off == Check.DEPTH_MARGIN ? 0 : SafetyLimits.DEPTH_MARGIN_MM);
        this.depthLimitSteps = settings.zeroSteps() + (long) Math.floor(maxDepth * settings.stepsPerMm());
        this.unhomedBudgetSteps = settings.unhomedForwardSteps();
        this.maxOpenMicros = Math.min(settings.maxOpenMicros(), SafetyLimits.MAX_VALVE_OPEN_MS * 1000L);
        this.minShotIntervalNanos = Math.max(settings.minShotIntervalNanos(),
                SafetyLimits.MIN_SHOT_INTERVAL_MS * 1_000_000L);
    }

    /**
     * Checks a session's settings against the hard limits before it may begin; returns null when
     * they pass, else why not.
     */
    public String beginSession(double depthMm, double doseUl) {
        if (!(depthMm >= SafetyLimits.MIN_DEPTH_MM && depthMm <= SafetyLimits.MAX_DEPTH_MM)) {
            return "depth " + depthMm + " mm is outside [" + SafetyLimits.MIN_DEPTH_MM + ", "
                    + SafetyLimits.MAX_DEPTH_MM + "] mm";
        }
        if (depthMm > s.maxDepthMm()) {
            return "depth " + depthMm + " mm is above the configured maximum " + s.maxDepthMm() + " mm";
        }
        if (!(doseUl >= SafetyLimits.MIN_DOSE_UL && doseUl <= SafetyLimits.MAX_DOSE_UL)) {
            return "dose " + doseUl + " uL is outside [" + SafetyLimits.MIN_DOSE_UL + ", "
                    + SafetyLimits.MAX_DOSE_UL + "] uL";
        }
        if (doseUl < plunger.smallestVerifiableDoseUl() - 1e-9) {
            return String.format(java.util.Locale.ROOT, "dose %.1f uL is below the %.1f uL the plunger sensor verifies",
                    doseUl, plunger.smallestVerifiableDoseUl());
        }
        if (!needle.fresh()) {
            return "a session starts on a fresh needle: change the needle";
        }
        if (syringeSuspect) {
            return "the loaded syringe disagreed with the flow calibration: load another (check its type) or"
                    + " calibrate the flow with this product";
        }
        if (!s.calibrationValid()) {
            // SR-10, independently of the machine: however the machine got here, no session
            // starts on a calibration that is missing or damaged.
            return "the gun is not calibrated: no session";
        }
        session = true;
        // SR-2 whatever was saved: the dose's time at the slowest flow and the largest offset any
        // calibration may claim (the factory's range), with the closed loop's room.
        factoryBoundMicros = Math.round((doseUl + org.mesogun.config.CalibrationCheck.MAX_FLOW_OFFSET_UL)
                / (s.nominal().flowUlPerMs() * (1 - org.mesogun.config.CalibrationCheck.FLOW_BAND))
                * 1000 * MAX_TIME_FACTOR);
        sessionTargetSteps = Math.min(s.depthSteps(depthMm), depthLimitSteps);
        sessionDoseUl = doseUl;
        sessionCapUl = s.sessionMaxDoseUl();
        plunger.beginSession();
        cross.discard();
        pointStarted = false;
        pointOpenMicros = 0;
        return null;
    }

    public void endSession() {
        cross.discard();
        session = false;
        suspended = false;
    }

    /**
     * A syringe change within a session: no session dose while suspended (the valve may then open
     * only to prime, parked and off the skin), and the session's totals carry on after it.
     */
    public void suspendSession() {
        if (session) {
            session = false;
            suspended = true;
        }
    }

    /** Back from a syringe change; false when there was no suspended session to resume. */
    public boolean resumeSession() {
        if (!suspended) {
            return false;
        }
        suspended = false;
        session = true;
        plunger.resumeSession();
        pointStarted = false;
        pointOpenMicros = 0;
        return true;
    }

    /** The syringe is being changed: no pulse until the new one is in. */
    public void syringeRemoved() {
        plunger.syringeRemoved();
        cross.discard();
    }

    /**
     * A syringe of {@code volumeUl} and the bore of {@code micronsPerUl} (the type the clinician
     * picked) is in: the reservoir is what the plunger's position says it holds (SR-5), and the
     * cross-check starts afresh on it.
     */
    public void syringeLoaded(double volumeUl, double micronsPerUl) {
        plunger.syringeLoaded(volumeUl, micronsPerUl);
        cross.newSyringe();
        syringeSuspect = false;
    }

    /**
     * Without a plunger sensor, what the clinician read off the syringe's scale at load: the
     * reservoir starts from it, not from the syringe's volume (SR-5: never assumed full).
     */
    public void syringeFillTold(double fillUl) {
        plunger.fillTold(fillUl);
    }

    /** A syringe of the same type as the last one. */
    public void syringeLoaded(double volumeUl) {
        syringeLoaded(volumeUl, plunger.micronsPerUl());
    }

    /** The loaded syringe failed the plunger-against-flow cross-check: only another one doses. */
    public boolean syringeSuspect() {
        return syringeSuspect;
    }

    /**
     * The loaded syringe has had a window of the cross-check judged (or there is nothing to
     * judge: no plunger sensor, open loop): priming goes on until it has.
     */
    public boolean crossChecked() {
        return observing || !plunger.present() || !s.closedLoop() || off == Check.FLOW_CROSS_CHECK || cross.judged();
    }

    /** The cross-check's last judged window: measured over expected volume (NaN before one). */
    public double crossCheckRatio() {
        return cross.lastRatio();
    }

    /**
     * SR-9: what the machine multiplies plunger volumes by. The plunger is trusted as far as the
     * scale's own accuracy ({@link SafetyLimits#FLOW_CALIBRATION_ACCURACY}) explains its
     * disagreement with the pooled cross-check; beyond that one of the two references is wrong and
     * nothing says which (a single fault), so the dose is steered halfway between them: off by half
     * that part whichever it is. 1 until a window is pooled, without a sensor or with the check off.
     */
    public double plungerCorrection() {
        return off == Check.FLOW_CROSS_CHECK || !plunger.present() ? 1 : cross.plungerCorrection();
    }

    /**
     * The monitor switched off, for the evidence of requirements §12 only: the property tests run the same
     * random sessions without the monitor to show that they can find violations. It keeps the
     * books (needle, plunger) the state machine reads and judges nothing. Only the controller's
     * package-private test constructor calls it (an ArchUnit rule keeps it so); no configuration,
     * serial or network path reaches it.
     */
    public void observeOnly(Inputs in, Outputs out) {
        observing = true;   // nothing is judged: priming does not wait on the cross-check
        lastTick = in.now;
        needle.observe(in.now, in.needleFitted, in.axisPosition);
        if (out.setPosition != Outputs.NO_MOVE) {
            homed = true;
            in.axisPosition = out.setPosition;
        }
        if (out.valvePulseMicros > 0) {
            plunger.pulseStarted(out.valvePulseMicros, s.flowUlPerMs(), session);
        }
        plunger.observe(in, in.valveOpen);
    }

    /**
     * Judges one tick. Returns true when the outputs pass unchanged; false when something was
     * vetoed (a fault is then latched and the outputs made safe).
     */
    public boolean check(Inputs in, Outputs out, Activity activity) {
        long now = in.now;
        if (lastTick != Long.MIN_VALUE && now - lastTick > s.watchdogNanos()) {
            latch(FaultCode.LOOP_LATE, now);
        }
        lastTick = now;
        needle.observe(now, in.needleFitted, in.axisPosition, activity == Activity.SERVICE);
        if (in.stop) {
            latch(FaultCode.STOP_PRESSED, now);
        }
        triggerHeldSince = in.trigger ? (triggerHeldSince < 0 ? now : triggerHeldSince) : -1;
        if (triggerHeldSince >= 0 && now - triggerHeldSince > TRIGGER_STUCK_NANOS) {
            latch(FaultCode.TRIGGER_STUCK, now);
        }
        if (!in.needleFitted && (pulseStart >= 0 || in.valveOpen || in.axisPosition > s.zeroSteps())) {
            latch(FaultCode.NEEDLE_HUB_OPENED, now);
        }
        checkHoming(in, out);
        if (homed && off != Check.MOTION) {
            checkMotion(in, now, activity);
        }
        checkDepth(in, out, now, activity);
        checkValve(in, out, activity, now);
        if (out.valveShut && (pulseStart >= 0 || in.valveOpen)) {
            cross.discard();   // a shot cut short delivers less than its time says
        }
        FaultCode p = plunger.observe(in, pulseStart >= 0 || in.valveOpen);
        if (p != null) {
            latch(p, now);
        } else if (plunger.settledNow() && plunger.present() && s.closedLoop() && off != Check.FLOW_CROSS_CHECK) {
            FaultCode c = cross.settled(plunger.settledMicrons(), plunger.micronsPerUl(), plunger.readingVariance());
            if (c == null && !Double.isNaN(cross.lowerRatio())) {
                plunger.volumeScale(cross.lowerRatio());
            }
            if (c != null) {
                syringeSuspect = c == FaultCode.SYRINGE_MISMATCH;
                latch(c, now);
            }
        }
        if (latched != null) {
            makeSafe(in, out);
            return false;
        }
        safe = false;
        return true;
    }

    private void checkHoming(Inputs in, Outputs out) {
        if (out.setPosition != Outputs.NO_MOVE) {
            if (!in.home) {
                out.setPosition = Outputs.NO_MOVE;
                latch(FaultCode.HOME_UNEXPECTED, in.now);
                return;
            }
            homed = true;
            encoderOffset = in.encoderSteps - out.setPosition;
            // The stage applies the new position this tick; judge the rest of the tick by it.
            in.axisPosition = out.setPosition;
        }
    }

    private void checkMotion(Inputs in, long now, Activity activity) {
        if (in.hasEncoder) {
            long measured = in.encoderSteps - encoderOffset;
            if (Math.abs(measured - in.axisPosition) > s.positionToleranceSteps()) {
                latch(FaultCode.ENCODER_MISMATCH, now);
            }
        }
        if (activity == Activity.SERVICE) {
            // The technician is finding zero: where the flag sits relative to an uncalibrated
            // park means nothing yet. Lost steps are still caught by the encoder above.
            parkMissingTicks = 0;
            parkStuckTicks = 0;
        } else {
            checkParkFlag(in, now);
        }
        if (in.home && in.axisPosition > Math.round(0.5 * s.stepsPerMm())) {
            latch(FaultCode.HOME_UNEXPECTED, now);
        }
    }

    private void checkParkFlag(Inputs in, long now) {
        long park = s.parkSteps();
        boolean atPark = !in.axisMoving && in.axisPosition == park;
        parkMissingTicks = atPark && !in.parkFlag ? parkMissingTicks + 1 : 0;
        if (parkMissingTicks >= FLAG_TICKS) {
            latch(FaultCode.PARK_FLAG_MISSING, now);
        }
        boolean clear = in.axisPosition >= s.parkFlagClearSteps();
        parkStuckTicks = clear && in.parkFlag ? parkStuckTicks + 1 : 0;
        if (parkStuckTicks >= FLAG_TICKS) {
            latch(FaultCode.PARK_FLAG_STUCK, now);
        }
    }

    private void checkDepth(Inputs in, Outputs out, long now, Activity activity) {
        boolean beyond = in.axisPosition > depthLimitSteps
                || (homed && in.hasEncoder
                        && in.encoderSteps - encoderOffset > depthLimitSteps + s.positionToleranceSteps());
        if (out.moveTarget != Outputs.NO_MOVE && out.moveTarget > depthLimitSteps && off != Check.DEPTH_LIMIT) {
            out.moveTarget = Outputs.NO_MOVE;
            beyond = true;
        }
        beyond &= off != Check.DEPTH_LIMIT;
        if (out.moveTarget != Outputs.NO_MOVE && !homed && !out.homingProfile) {
            // Before homing no position means anything: only the slow homing moves are allowed.
            out.moveTarget = Outputs.NO_MOVE;
            latch(FaultCode.SEQUENCE, now);
        }
        if (!homed && off != Check.UNHOMED_MOTION) {
            checkUnhomedAdvance(in, out, now);
        }
        // A locked needle never goes past zero again, except on the technician's bench (SERVICE):
        // a depth calibration jogs into a gauge, which is what made it unsterile (SR-4).
        if (out.moveTarget != Outputs.NO_MOVE && out.moveTarget > s.zeroSteps() && needle.locked()
                && activity != Activity.SERVICE && off != Check.NEEDLE) {
            out.moveTarget = Outputs.NO_MOVE;
            latch(FaultCode.NEEDLE_LOCKED, now);
        }
        if (out.moveTarget != Outputs.NO_MOVE && out.moveTarget > s.zeroSteps() && !in.needleFitted) {
            // SR-4: no motion past zero while the hub reads open. The machine sees the hub one
            // tick after this check does, so a trigger in the very tick it opens would otherwise
            // start an insertion that is stopped only as the tip passes zero.
            out.moveTarget = Outputs.NO_MOVE;
            latch(FaultCode.NEEDLE_HUB_OPENED, now);
        }
        if (beyond) {
            latch(FaultCode.DEPTH_LIMIT, now);
        }
        if (out.moveTarget != Outputs.NO_MOVE && (in.valveOpen || pulseStart >= 0) && !out.valveShut) {
            // SR-3: the valve is closed before retraction (or any move) starts.
            out.moveTarget = Outputs.NO_MOVE;
            latch(FaultCode.SEQUENCE, now);
        }
    }

    /**
     * SR-1 before homing: where the tip is, nobody knows (after a power cut it may be in the
     * skin, and a home switch stuck closed says "home" wherever it is). So no move toward the
     * skin while skin contact is closed, and at most {@link SafetyLimits#UNHOMED_FORWARD_MM} in
     * all per power-up, counted across acknowledgements: a switch that never opens is a fault
     * for service, not a retry loop that walks the needle out. Once the switch has been seen to
     * close under a move away from the skin, the carriage is at the retracted end and the move
     * off it is not counted.
     */
    private void checkUnhomedAdvance(Inputs in, Outputs out, long now) {
        if (in.home && !homeBefore && in.axisTarget < in.axisPosition) {
            homeFound = true;
        }
        homeBefore = in.home;
        if (out.moveTarget == Outputs.NO_MOVE || out.moveTarget <= in.axisPosition || homeFound) {
            return;
        }
        long forward = out.moveTarget - in.axisPosition;
        if (in.skin || unhomedForwardSteps + forward > unhomedBudgetSteps) {
            out.moveTarget = Outputs.NO_MOVE;
            latch(FaultCode.HOMING_FAILED, now);
            return;
        }
        unhomedForwardSteps += forward;
    }

    private void checkValve(Inputs in, Outputs out, Activity activity, long now) {
        if (pulseStart >= 0) {
            long due = pulseStart + pulseMicros * 1000 + 2 * s.periodNanos();
            if (in.valveOpen && now > due) {
                latch(FaultCode.VALVE_NOT_CLOSED, now);
            }
            if (!in.valveOpen && now >= pulseStart + pulseMicros * 1000) {
                pulseStart = -1;
            }
        }
        if (pointStarted && in.axisPosition <= s.zeroSteps()) {
            // The needle is out of the skin: the next pulse at depth is a new point.
            pointStarted = false;
            pointOpenMicros = 0;
        }
        long pulse = out.valvePulseMicros;
        if (pulse <= 0) {
            return;
        }
        FaultCode refusal = pulseRefusal(in, pulse, activity, now);
        if (refusal != null) {
            out.valvePulseMicros = 0;
            latch(refusal, now);
            return;
        }
        if (activity == Activity.SESSION_DOSE) {
            if (!pointStarted) {
                pointStarted = true;
                lastPointStart = now;
                pointOpenMicros = 0;
            }
            pointOpenMicros += pulse;
        }
        pulseStart = now;
        pulseMicros = pulse;
        if (activity == Activity.SESSION_DOSE || activity == Activity.PRIME) {
            cross.opened(pulse, plunger.fill());
        } else {
            cross.discard();   // a technician's pulses (test shots into a cup) are not weighed
        }
        plunger.pulseStarted(pulse, s.flowUlPerMs(), activity == Activity.SESSION_DOSE);
    }

    private FaultCode pulseRefusal(Inputs in, long pulse, Activity activity, long now) {
        if (pulse > maxOpenMicros) {
            return FaultCode.DOSE_TIME_LIMIT;
        }
        if (pulseStart >= 0 || in.valveOpen || plunger.paused()) {
            return FaultCode.SEQUENCE;
        }
        if (in.valveDuty > s.maxDutyCycle()) {
            return FaultCode.VALVE_OVERHEAT;
        }
        boolean still = !in.axisMoving && homed;
        switch (activity) {
            case SESSION_DOSE -> {
                if (off != Check.AT_DEPTH && (!session || !still || !in.skin || !in.needleFitted
                        || Math.abs(in.axisPosition - sessionTargetSteps) > s.positionToleranceSteps())) {
                    return FaultCode.SEQUENCE;
                }
                if (!needle.mayDoseCurrentPuncture() && off != Check.NEEDLE) {
                    return FaultCode.NEEDLE_LOCKED;
                }
                if (syringeSuspect && off != Check.FLOW_CROSS_CHECK) {
                    return FaultCode.SYRINGE_MISMATCH;
                }
                if (!pointStarted && now - lastPointStart < minShotIntervalNanos && off != Check.RATE) {
                    return FaultCode.RATE_LIMIT;
                }
                // The calibrated time for the dose (its offset: the valve's opening and closing
                // delays), with room for the dose model's correction (gain ≤ 1.4 < 1 / 0.6).
                long allowedMicros = Math.min(Math.round(Math.max(0, sessionDoseUl - s.flowOffsetUl())
                        / s.flowUlPerMs() * 1000 * MAX_TIME_FACTOR), factoryBoundMicros);
                if (pointOpenMicros + pulse > allowedMicros && off != Check.DOSE_TIME) {
                    return FaultCode.DOSE_TIME_LIMIT;
                }
                // The most a point can deliver is its dose-time bound at the calibrated flow: the
                // cap must hold even if this one does (SR-5).
                if (!pointStarted && off != Check.VOLUME && (plunger.sessionDeliveredUl() + sessionDoseUl * MAX_TIME_FACTOR > sessionCapUl
                        || plunger.remainingUl() - s.reserveUl() < sessionDoseUl)) {
                    return FaultCode.VOLUME_LIMIT;
                }
                return null;
            }
            case PRIME, SERVICE -> {
                boolean parked = still && Math.abs(in.axisPosition - s.parkSteps()) <= s.positionToleranceSteps();
                return session || in.skin || !parked ? FaultCode.SEQUENCE : null;
            }
            default -> {
                return FaultCode.SEQUENCE;
            }
        }
    }

    private void makeSafe(Inputs in, Outputs out) {
        out.forceValveSafe();
        out.setPosition = Outputs.NO_MOVE;
        long park = s.parkSteps();
        // Out of the skin already (at or behind park), or no position to trust: just stop there.
        if (!homed || !in.axisEnabled || in.axisPosition <= park && !safeRetractIssued) {
            out.haltAxis = true;
            out.axisEnable = false;
            out.moveTarget = Outputs.NO_MOVE;
            safe = true;
            return;
        }
        if (!safeRetractIssued) {
            // Valve first (above), then the needle out of the skin: at full speed, unless the
            // fault is the motion itself, when a slow move is the one that can be trusted.
            safeRetractIssued = true;
            out.moveTarget = park;
            out.homingProfile = latched.requirement().equals("SR-8");
            out.axisEnable = true;
        } else if (!in.axisMoving) {
            out.moveTarget = Outputs.NO_MOVE;
            out.axisEnable = false;
            safe = true;
        } else {
            out.moveTarget = Outputs.NO_MOVE;
            out.axisEnable = true;
        }
    }

    private void latch(FaultCode code, long now) {
        if (latched == null) {
            latched = code;
            latchedAt = now;
            faults++;
            safeRetractIssued = false;
            safe = false;
        }
    }

    /** A fault found by the state machine (homing failed, a move timed out, a dose check). */
    public void raise(FaultCode code, long now) {
        latch(code, now);
    }

    /** Clears the latch once its cause is gone; returns whether it cleared. */
    public boolean acknowledge(Inputs in) {
        if (latched == null) {
            return true;
        }
        if (in.stop || (latched == FaultCode.CALIBRATION_INVALID && !s.calibrationValid())) {
            return false;
        }
        latched = null;
        homed = false;   // the axis homes again after every fault
        homeFound = false;
        parkMissingTicks = 0;
        parkStuckTicks = 0;
        pulseStart = -1;
        plunger.reset();
        cross.discard();
        return true;
    }

    /**
     * The technician's SERVICE ON (SR-10): allowed with no fault, or with only
     * {@link FaultCode#CALIBRATION_INVALID}, which is then cleared so the gun can be homed and
     * calibrated. That cannot arm it: leaving SERVICE without a valid calibration raises the alarm
     * again, and no session starts from SERVICE. Any other fault stays latched.
     */
    public boolean enterService() {
        if (latched == null) {
            return true;
        }
        if (latched != FaultCode.CALIBRATION_INVALID) {
            return false;
        }
        latched = null;
        homed = false;
        homeFound = false;
        pulseStart = -1;
        return true;
    }

    public FaultCode latched() {
        return latched;
    }

    public long latchedAt() {
        return latchedAt;
    }

    /** The latched fault's safe state has been reached (valve shut, axis parked and disabled). */
    public boolean safeReached() {
        return safe;
    }

    public long faultCount() {
        return faults;
    }

    public boolean homed() {
        return homed;
    }

    public long depthLimitSteps() {
        return depthLimitSteps;
    }

    public NeedleGuard needle() {
        return needle;
    }

    public PlungerWatch plunger() {
        return plunger;
    }
}
