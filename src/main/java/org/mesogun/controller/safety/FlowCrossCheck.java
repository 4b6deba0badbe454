package org.mesogun.controller.safety;

import org.mesogun.config.SafetyLimits;
import org.mesogun.config.SyringeConfig;

/**
 * SR-5: the plunger against the scale. The plunger sensor measures travel, which becomes volume
 * through the bore the gun was told; the technician's flow calibration was weighed on a scale. Over
 * a window of session shots, the volume the plunger measured must match the calibrated flow times
 * the valve time (plus the calibrated offset per opening, the flow corrected for the syringe's
 * fill) within {@link SafetyLimits#FLOW_CROSS_CHECK_TOLERANCE}. A syringe of another bore (an
 * over-dose the closed loop would otherwise add to every point), a flow calibration far from the
 * truth, or a product thicker than the one calibrated with, each break it.
 *
 * <p>A window opens on a settled reading (the valve closed and quiet), takes session openings, and
 * is judged on a later settled reading once its travel is long enough to read precisely or it holds
 * {@link SafetyLimits#FLOW_CROSS_CHECK_MAX_OPENINGS}. Anything else that moves the plunger (a
 * priming pulse, a shot cut short, a syringe change, a fault) discards the window.
 */
final class FlowCrossCheck {

    private final double flowUlPerMs;
    private final double offsetUl;
    private final double flowDropEmpty;
    private final double minTravelMicrons;
    private boolean open;
    private double startMicrons;
    private double expectedUl;
    private int openings;
    private double lastRatio = Double.NaN;

    FlowCrossCheck(double flowUlPerMs, double offsetUl, double flowDropEmpty, double resolutionMicrons) {
        this.flowUlPerMs = flowUlPerMs;
        this.offsetUl = offsetUl;
        this.flowDropEmpty = flowDropEmpty;
        this.minTravelMicrons = SafetyLimits.crossCheckTravelUm(resolutionMicrons);
    }

    /** The window no longer means what it measures: start again at the next settled reading. */
    void discard() {
        open = false;
        expectedUl = 0;
        openings = 0;
    }

    /** A session opening of {@code micros} with the syringe {@code fill} full (remaining / volume). */
    void opened(long micros, double fill) {
        if (!open) {
            return;   // no settled reading before it: this shot cannot be measured from a start
        }
        expectedUl += flowUlPerMs * SyringeConfig.flowFactor(flowDropEmpty, fill) * micros / 1000.0 + offsetUl;
        openings++;
    }

    /**
     * A settled reading: opens a window, or judges the one open.
     *
     * @return true when the plunger and the calibration disagree beyond the tolerance
     */
    boolean settled(double microns, double micronsPerUl) {
        if (!open || openings == 0) {
            open = true;
            startMicrons = microns;
            expectedUl = 0;
            openings = 0;
            return false;
        }
        double travel = microns - startMicrons;
        if (travel < minTravelMicrons && openings < SafetyLimits.FLOW_CROSS_CHECK_MAX_OPENINGS) {
            return false;
        }
        double measuredUl = travel / micronsPerUl;
        lastRatio = expectedUl > 0 ? measuredUl / expectedUl : Double.NaN;
        startMicrons = microns;
        expectedUl = 0;
        openings = 0;
        return !(Math.abs(lastRatio - 1) <= SafetyLimits.FLOW_CROSS_CHECK_TOLERANCE);
    }

    /** Measured over expected at the last judged window (NaN before one): what the alarm reports. */
    double lastRatio() {
        return lastRatio;
    }
}
