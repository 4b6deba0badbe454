package org.mesogun.controller;

import java.util.List;
import org.mesogun.config.Protocol;
import org.mesogun.config.SafetyLimits;
import org.mesogun.config.SyringeConfig;
import org.mesogun.hal.MotionProfile;

/**
 * The numbers the controller runs on, resolved once from configuration and calibration (see
 * {@link SettingsFactory}); immutable, so nothing changes under the loop. Positions are in the
 * axis's steps from the home switch.
 */
public record ControllerSettings(
        long periodNanos,
        long watchdogNanos,
        double stepsPerMm,
        long zeroSteps,
        double parkClearanceMm,
        double parkFlagMarginMm,
        double maxDepthMm,
        int positionToleranceSteps,
        MotionProfile fast,
        MotionProfile homing,
        double travelMm,
        long maxOpenMicros,
        double maxDutyCycle,
        double flowUlPerMs,
        double flowOffsetUl,
        SyringeConfig syringes,
        boolean closedLoop,
        double reserveUl,
        double sessionMaxDoseUl,
        long minShotIntervalNanos,
        int punctureLimit,
        long needleTimeLimitNanos,
        long hubRemovedNanos,
        boolean calibrationValid,
        String calibrationProblem,
        List<Protocol> protocols,
        Nominal nominal) {

    /**
     * What the mechanics and the valve are built to, before any calibration: the bounds that
     * must hold whatever a technician saved (the true hardware is within the stated tolerance of
     * these, a saved calibration may not be).
     */
    public record Nominal(double stepsPerMm, double flowUlPerMs) {
    }

    public ControllerSettings {
        protocols = List.copyOf(protocols);
    }

    /**
     * SR-1 before homing: the forward steps that stay within {@link SafetyLimits#UNHOMED_FORWARD_MM}
     * on any axis the hardware's tolerance allows (the fewest true steps per mm), not only on the
     * calibrated one, which nothing has checked yet.
     */
    public long unhomedForwardSteps() {
        return (long) Math.floor(SafetyLimits.UNHOMED_FORWARD_MM * nominal.stepsPerMm()
                * (1 - SafetyLimits.CALIBRATION_TOLERANCE));
    }

    /** The same settings with another puncture limit (a simulation's or a test's choice). */
    public ControllerSettings withPunctureLimit(int limit) {
        return new ControllerSettings(periodNanos, watchdogNanos, stepsPerMm, zeroSteps, parkClearanceMm,
                parkFlagMarginMm, maxDepthMm, positionToleranceSteps, fast, homing, travelMm, maxOpenMicros,
                maxDutyCycle, flowUlPerMs, flowOffsetUl, syringes, closedLoop, reserveUl,
                sessionMaxDoseUl, minShotIntervalNanos, limit, needleTimeLimitNanos, hubRemovedNanos,
                calibrationValid, calibrationProblem, protocols, nominal);
    }

    /** Plunger travel per µL of the type assumed at power-up; a load may pick another. */
    public double micronsPerUl() {
        return syringes.fitted().micronsPerUl();
    }

    /** The volume of the type assumed at power-up. */
    public double syringeUl() {
        return syringes.fitted().volumeUl();
    }

    public long parkSteps() {
        return zeroSteps - Math.round(parkClearanceMm * stepsPerMm);
    }

    public long depthSteps(double depthMm) {
        return zeroSteps + Math.round(depthMm * stepsPerMm);
    }

    public double stepsToDepthMm(long steps) {
        return (steps - zeroSteps) / stepsPerMm;
    }

    /** Where the park flag must have cleared once the carriage is past it. */
    public long parkFlagClearSteps() {
        return parkSteps() + Math.round(parkFlagMarginMm * stepsPerMm) + 2L * positionToleranceSteps + 40;
    }
}
