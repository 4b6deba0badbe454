package org.mesogun.controller;

import java.util.List;
import org.mesogun.config.Protocol;
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
        double micronsPerUl,
        boolean closedLoop,
        double syringeUl,
        double reserveUl,
        double sessionMaxDoseUl,
        long minShotIntervalNanos,
        int punctureLimit,
        long needleTimeLimitNanos,
        long hubRemovedNanos,
        boolean calibrationValid,
        String calibrationProblem,
        List<Protocol> protocols) {

    public ControllerSettings {
        protocols = List.copyOf(protocols);
    }

    /** The same settings with another puncture limit (a simulation's or a test's choice). */
    public ControllerSettings withPunctureLimit(int limit) {
        return new ControllerSettings(periodNanos, watchdogNanos, stepsPerMm, zeroSteps, parkClearanceMm,
                parkFlagMarginMm, maxDepthMm, positionToleranceSteps, fast, homing, travelMm, maxOpenMicros,
                maxDutyCycle, flowUlPerMs, flowOffsetUl, micronsPerUl, closedLoop, syringeUl, reserveUl,
                sessionMaxDoseUl, minShotIntervalNanos, limit, needleTimeLimitNanos, hubRemovedNanos,
                calibrationValid, calibrationProblem, protocols);
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
