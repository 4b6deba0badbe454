package org.mesogun.config;

/**
 * The shortest nappage cycle the configured mechanics allow: insert from park, dose, retract to
 * park, with trapezoidal moves at nominal steps/mm and the valve at nominal flow. Settle and
 * dwell come on top (they are the controller's), so a protocol whose interval is shorter than
 * even this can never keep its rate and is rejected at load (requirements §3).
 */
final class CycleEstimate {

    private CycleEstimate() {
    }

    static double nappageMs(MechanicsConfig m, ValveConfig v, double depthMm, double doseUl) {
        double steps = (m.parkClearanceMm() + depthMm) * m.nominalStepsPerMm();
        return 2 * moveMs(steps, m.maxRateStepsS(), m.accelStepsS2()) + doseUl / v.nominalFlowUlPerMs();
    }

    /** A symmetric trapezoid (or triangle, when the move is too short to reach the rate). */
    static double moveMs(double steps, double rate, double accel) {
        double rampSteps = rate * rate / accel; // accelerating plus decelerating
        if (steps >= rampSteps) {
            return 1000 * (steps / rate + rate / accel);
        }
        return 1000 * 2 * Math.sqrt(steps / accel);
    }
}
