package org.mesogun.config;

import java.time.Instant;

/**
 * What a technician measured (requirements §1, §6: CAL DEPTH, ZERO, CAL DOSE): the axis's true steps/mm,
 * where zero (tip flush with the nose cone) lies in steps from home, and the valve's flow.
 * Checked against the config by {@link CalibrationCheck} before it is saved or used.
 *
 * @param version  revision, 0 for factory nominal, +1 on every save
 * @param savedAt  wall clock at save; may be unsynchronised on a board without RTC
 * @param savedBy  the logged-in technician
 * @param depthCheck the gauge readings that verify steps/mm and zero together (SR-1); a change of
 *                 either clears it
 */
public record Calibration(
        double stepsPerMm,
        long zeroStepsFromHome,
        double flowUlPerMs,
        double flowOffsetUl,
        int version,
        Instant savedAt,
        String savedBy,
        DepthCheck depthCheck) {

    public Calibration {
        depthCheck = depthCheck == null ? DepthCheck.NONE : depthCheck;
    }

    /** Without depth check readings (a fresh ZERO or CAL DEPTH, or a file of an older format). */
    public Calibration(double stepsPerMm, long zeroStepsFromHome, double flowUlPerMs, double flowOffsetUl,
            int version, Instant savedAt, String savedBy) {
        this(stepsPerMm, zeroStepsFromHome, flowUlPerMs, flowOffsetUl, version, savedAt, savedBy, DepthCheck.NONE);
    }

    public Calibration withDepthCheck(DepthCheck c) {
        return new Calibration(stepsPerMm, zeroStepsFromHome, flowUlPerMs, flowOffsetUl, version, savedAt, savedBy, c);
    }

    public static final String NOMINAL_BY = "factory-nominal";

    /** The uncalibrated values the config implies; good for service moves, never for arming. */
    public static Calibration nominal(DeviceConfig config) {
        return new Calibration(config.mechanics().nominalStepsPerMm(), config.mechanics().nominalZeroSteps(),
                config.valve().nominalFlowUlPerMs(), 0.0, 0, Instant.EPOCH, NOMINAL_BY);
    }

    /** The next revision of these values, as saved by {@code user} at {@code at}. */
    public Calibration revised(Instant at, String user) {
        return new Calibration(stepsPerMm, zeroStepsFromHome, flowUlPerMs, flowOffsetUl, version + 1, at, user,
                depthCheck);
    }
}
