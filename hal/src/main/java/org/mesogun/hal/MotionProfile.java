package org.mesogun.hal;

/**
 * The limits of a trapezoidal move: cruise rate and acceleration (also used for deceleration).
 * Built once from configuration; the loop passes the same instance on every move.
 */
public record MotionProfile(double maxRateStepsPerS, double accelStepsPerS2) {

    public MotionProfile {
        if (!(maxRateStepsPerS > 0) || !(accelStepsPerS2 > 0)
                || Double.isInfinite(maxRateStepsPerS) || Double.isInfinite(accelStepsPerS2)) {
            throw new InvalidHardwareSetupException(
                    "motion profile needs a positive finite rate and acceleration, got "
                            + maxRateStepsPerS + " steps/s and " + accelStepsPerS2 + " steps/s²");
        }
    }
}
